import Foundation
import Packs
import Testing

@Suite struct DependencyResolverTests {
    func c(_ name: String, _ version: String, _ deps: [String: String] = [:], plugins: [String] = [], installed: Bool = false) -> PackCandidate {
        PackCandidate(name: name, version: SemanticVersion(version)!,
                      dependencies: deps.sorted { $0.key < $1.key }.map { PackDependency(name: $0.key, range: VersionRange($0.value)!) },
                      plugins: plugins, isInstalled: installed)
    }

    @Test func picksTheHighestVersionThatFitsEveryRange() throws {
        let chosen = try DependencyResolver.resolve(
            requested: [c("app", "1.0.0", ["lib": "^1.2", "util": "~2.1"])],
            available: [c("lib", "1.1.0"), c("lib", "1.4.0"), c("lib", "2.0.0"), c("util", "2.1.5"), c("util", "2.2.0")],
            installed: [])
        #expect(chosen["lib"]?.version.description == "1.4.0")
        #expect(chosen["util"]?.version.description == "2.1.5")
    }

    @Test func keepsAnInstalledVersionThatFits() throws {
        let chosen = try DependencyResolver.resolve(
            requested: [c("app", "1.0.0", ["lib": "^1.0"])],
            available: [c("lib", "1.9.0")], installed: [c("lib", "1.2.0", installed: true)])
        #expect(chosen["lib"]?.isInstalled == true)
    }

    @Test func followsDependenciesOfDependencies() throws {
        let chosen = try DependencyResolver.resolve(
            requested: [c("a", "1.0.0", ["b": "^1"])],
            available: [c("b", "1.0.0", ["c": ">=2.0 <3.0"]), c("c", "2.5.0"), c("c", "3.0.0")], installed: [])
        #expect(chosen["c"]?.version.description == "2.5.0")
    }

    @Test func explainsAMissingDependency() {
        let message = expectPackError({
            _ = try DependencyResolver.resolve(requested: [c("app", "1.0.0", ["lib": "^3.0"])], available: [c("lib", "1.0.0"), c("lib", "2.0.0")], installed: [])
        }) { $0 == .dependencyUnsatisfied(pack: "lib", requiredBy: "app 1.0.0", range: "^3.0", available: ["1.0.0", "2.0.0"]) }
        #expect(message.contains("app 1.0.0 needs lib ^3.0"))
    }

    @Test func explainsAConflictBetweenTwoPacks() {
        let message = expectPackError({
            _ = try DependencyResolver.resolve(
                requested: [c("new", "1.0.0", ["lib": "^2.0"])],
                available: [c("lib", "1.5.0"), c("lib", "2.1.0")],
                installed: [c("old", "1.0.0", ["lib": "~1.5"], installed: true), c("lib", "1.5.0", installed: true)])
        }) { if case .dependencyConflict(let pack, _, _) = $0 { return pack == "lib" }; return false }
        #expect(message.contains("new 1.0.0 needs lib ^2.0"))
        #expect(message.contains("old 1.0.0 needs lib ~1.5"))
        #expect(message.contains("1.5.0, 2.1.0"))
    }

    @Test func aRequestedVersionThatBreaksAnInstalledPackIsExplained() {
        let message = expectPackError({
            _ = try DependencyResolver.resolve(requested: [c("lib", "2.0.0")], available: [],
                                               installed: [c("app", "1.0.0", ["lib": "^1.0"], installed: true), c("lib", "1.0.0", installed: true)])
        }) { if case .dependencyConflict = $0 { return true }; return false }
        #expect(message.contains("you asked for lib 2.0.0"))
    }

    @Test func samePluginFromTwoPacksNeedsAChoice() throws {
        let packs = [c("a", "1.0.0", plugins: ["thank-you", "x"]), c("b", "1.0.0", plugins: ["thank-you"])]
        expectPackError({ _ = try DependencyResolver.choosePlugins(packs: packs, prefer: [], shadowed: [:]) }) {
            $0 == .pluginProvidedTwice(plugin: "thank-you", packs: ["a", "b"])
        }
        #expect(try DependencyResolver.choosePlugins(packs: packs, prefer: ["b"], shadowed: [:]) == ["a": ["thank-you"]])
        // An earlier choice stays without repeating --prefer.
        #expect(try DependencyResolver.choosePlugins(packs: packs, prefer: [], shadowed: ["a": ["thank-you"]]) == ["a": ["thank-you"]])
    }
}

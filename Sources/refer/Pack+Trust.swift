import ArgumentParser
import Foundation
import Packs
import Store

extension Refer.Pack {
    /// `refer pack trust KEY`.
    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trust",
            abstract: "Trust a publisher's public key for pack signatures.",
            discussion: "Example:\n  refer pack trust ionescu.pub --label \"Ionescu Accounting\"")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A public key file (NAME.pub) or the base64 text `refer pack keygen` printed.")
        var key: String

        @Option(help: "A name for the key, shown as the signer.")
        var label: String?

        func run() throws {
            let practice = try global.openPractice()
            var publicKey = try readPublicKey(key)
            publicKey.label = label
            try withPackErrors { try TrustedKeys(practiceRoot: practice.root).trust(publicKey) }
            print("Trusted key \(publicKey.displayName)")
        }
    }

    /// `refer pack untrust KEY`.
    struct Untrust: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "untrust", abstract: "Stop trusting a key (by id, label or base64).")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "The key's id, label or base64 text.")
        var key: String

        func run() throws {
            let practice = try global.openPractice()
            let removed = try withPackErrors { try TrustedKeys(practiceRoot: practice.root).untrust(key) }
            print("No longer trusting \(removed.displayName)")
        }
    }

    /// `refer pack keys`.
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "keys", abstract: "List the keys this practice trusts.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let practice = try global.openPractice()
            let keys = try withPackErrors { try TrustedKeys(practiceRoot: practice.root).all() }
            if global.json {
                return try printJSON(keys.map { ["id": $0.id, "label": $0.label ?? "", "key": $0.base64] })
            }
            if keys.isEmpty { print("No trusted keys; add one with `refer pack trust KEY`.") }
            for key in keys { print("\(key.id)  \(key.label ?? "")  \(key.base64)") }
        }
    }
}

import Foundation
import Model
@testable import Store
import Testing

/// Random and mutated files never crash the readers, and an import either applies every
/// record or none of them.
@Suite struct ReaderFuzzTests {
    /// A small deterministic generator so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D1_049B_B133_111E
            return z ^ (z >> 31)
        }
    }

    static let seeds = ["contacts-v3.vcf", "contacts-v4.vcf", "contacts-v21.vcf", "broken.vcf",
                        "google.csv", "outlook.csv", "apple.csv", "bad-rows.csv"]
    /// Bytes that matter to the grammars, so mutations hit interesting paths.
    static let specials: [UInt8] = Array("\r\n:;,\\=\"\t .-BEGIN:VCARDEND".utf8) + [0xC8, 0x9B, 0xFF, 0x00, 0xEF, 0xBB, 0xBF]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !bytes.isEmpty: bytes.remove(at: position)
            case 1: bytes.insert(specials.randomElement(using: &rng)!, at: position)
            case 2 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &rng)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...40, using: &rng))
                bytes.removeSubrange(position..<end)
            default:
                let end = min(bytes.count, position + Int.random(in: 1...40, using: &rng))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        }
        return bytes
    }

    /// Reads `bytes` as both formats and imports them; checks all-or-nothing.
    static func check(_ bytes: [UInt8], _ store: AppDatabase) throws {
        let readings = [VCardReader.read(bytes, file: "fuzz.vcf"), ContactCSV.read(bytes, file: "fuzz.csv")]
        for reading in readings {
            for problem in reading.problems { #expect(problem.line >= 1) }
            let before = try store.rowCounts()
            do {
                let summary = try store.importReadings([reading])
                #expect(reading.problems.isEmpty)
                let after = try store.rowCounts()
                #expect(after["contacts"]! == before["contacts"]! + summary.added)
            } catch is ImportError {
                #expect(!reading.problems.isEmpty)
                #expect(try store.rowCounts() == before)
            }
        }
    }

    @Test(arguments: seeds)
    func mutatedFixturesNeverCrashOrHalfImport(_ name: String) throws {
        let store = try AppDatabase.inMemory()
        let original = try Fixture.bytes(name)
        var rng = SplitMix(state: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        for _ in 0..<150 {
            try Self.check(Self.mutate(original, &rng), store)
        }
        #expect(try store.integrityCheck() == "ok")
    }

    /// A large file is read in two halves at once; the cards, the problems and their line
    /// numbers must be those of one pass, wherever the halves meet.
    @Test func readingInHalvesAgreesWithOnePass() throws {
        var rng = SplitMix(state: 7)
        let cards = try Self.seeds.filter { $0.hasSuffix(".vcf") }.map { try Fixture.bytes($0) }
        func comparable(_ reading: ImportReading) -> ImportReading {
            var r = reading
            for i in r.contacts.indices { r.contacts[i].contact.addedAt = Date(timeIntervalSince1970: 0) }
            return r
        }
        var split = 0
        for round in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let card = cards.randomElement(using: &rng)!
                bytes += round % 3 == 0 ? card : Self.mutate(card, &rng)
            }
            if round % 4 == 1 {  // the same cards with other line breaks
                let breaks: [[UInt8]] = [[0x0A], [0x0D], [0x0D, 0x0A]]
                let lineBreak = breaks.randomElement(using: &rng)!
                bytes = Array(bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                    .map { $0.last == 0x0D ? Array($0.dropLast()) : Array($0) }
                    .joined(separator: lineBreak))
            }
            let halves = VCardReader.read(bytes, file: "big.vcf", splitAbove: 0)
            let onePass = VCardReader.read(bytes, file: "big.vcf", splitAbove: .max)
            #expect(comparable(halves) == comparable(onePass), "round \(round)")
            if VCardReader.cardBoundary(in: bytes, from: bytes.count / 2) != nil { split += 1 }
        }
        #expect(split > 100)  // most rounds did read in two halves
    }

    @Test func randomBytesNeverCrash() throws {
        let store = try AppDatabase.inMemory()
        var rng = SplitMix(state: 42)
        for _ in 0..<300 {
            let count = Int.random(in: 0...400, using: &rng)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &rng) ? Self.specials.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            try Self.check(bytes, store)
        }
    }

}

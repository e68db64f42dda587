import Foundation
import Testing
@testable import Store

/// `refer_contains` agrees with a plain byte search, at the edges and on random text.
@Suite struct SearchFunctionTests {
    static func occurs(_ part: [UInt8], in text: [UInt8]) -> Bool {
        part.withUnsafeBufferPointer { p in
            text.withUnsafeBufferPointer { t in
                SearchFunction.occurs(p.baseAddress ?? UnsafePointer(bitPattern: 1)!, p.count, in: t.baseAddress ?? UnsafePointer(bitPattern: 1)!, t.count)
            }
        }
    }

    static func slow(_ part: [UInt8], in text: [UInt8]) -> Bool {
        if part.isEmpty { return true }
        guard part.count <= text.count else { return false }
        return (0...(text.count - part.count)).contains { Array(text[$0..<($0 + part.count)]) == part }
    }

    @Test func edges() {
        let text = Array("ana popescu #client#".utf8)
        #expect(Self.occurs(Array("ana".utf8), in: text))
        #expect(Self.occurs(Array("#client#".utf8), in: text))
        #expect(Self.occurs(Array("u #c".utf8), in: text))
        #expect(Self.occurs([], in: text))
        #expect(!Self.occurs(Array("#clients#".utf8), in: text))
        #expect(!Self.occurs(Array("x".utf8), in: []))
        #expect(Self.occurs(text, in: text))
    }

    @Test func agreesWithAByteByByteSearch() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 97...100, using: &generator) }
            let part = (0..<Int.random(in: 0...4, using: &generator)).map { _ in UInt8.random(in: 97...100, using: &generator) }
            #expect(Self.occurs(part, in: text) == Self.slow(part, in: text), "\(part) in \(text)")
        }
    }
}

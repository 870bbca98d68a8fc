import Foundation
import Testing

@testable import Embeddings

@Suite("BPE tokenizer")
struct TokenizerTests {
    let tokenizer = Shipped.model.tokenizer

    @Test("token ids equal WordLlama's tokenizer on every fixture string")
    func fixtureMatchesReference() throws {
        let fixtures = try loadFixture("tokens.jsonl", as: TokenFixture.self)
        #expect(fixtures.count >= 10_000, "fixture too small: \(fixtures.count) strings")
        var mismatches: [String] = []
        var tokens = 0
        for fixture in fixtures {
            let ids = tokenizer.encode(fixture.text)
            tokens += ids.count
            if ids != fixture.ids { mismatches.append("\(fixture.text.debugDescription.prefix(80)): \(ids.prefix(12)) ≠ \(fixture.ids.prefix(12))") }
        }
        #expect(tokens > 300_000)
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(fixtures.count) differ, e.g. \(mismatches.prefix(5))")
    }

    @Test("tasks tokenising at once, on a fresh model, agree with the reference (the shared word caches stay consistent)")
    func concurrentUse() async throws {
        let fixtures = Array(try loadFixture("tokens.jsonl", as: TokenFixture.self).prefix(4000))
        let tokenizer = try BPETokenizer(path: Shipped.tokenizerPath)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for part in 0..<4 {
                group.addTask {
                    // Each task walks the same texts in its own order, so words are learnt and read concurrently.
                    let order = part % 2 == 0 ? Array(fixtures.indices) : fixtures.indices.reversed()
                    return order.filter { tokenizer.encode(fixtures[$0].text) != fixtures[$0].ids }.count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test("the Llama-2 conventions: a leading ▁, spaces as ▁, added tokens in the raw text, byte fallback")
    func conventions() {
        #expect(tokenizer.encode("") == [])
        #expect(tokenizer.encode(" ") == [259])  // "▁▁"
        #expect(tokenizer.encode("hello<s>world") == [22172, 1, 3186])  // ▁hello <s> ▁world
        #expect(tokenizer.encode("a </s> b") == [263, 29871, 2, 29871, 289])
        #expect(tokenizer.encode("tab\there\nnew") == [4434, 12, 4150, 13, 1482])  // <0x09>, <0x0A>
        // 😀 is not in the vocabulary: its four UTF-8 bytes are.
        #expect(tokenizer.encode("😀") == [29871, 243, 162, 155, 131])
        #expect(tokenizer.vocabulary[22172] == "▁hello")
        #expect(tokenizer.id(of: "▁world") == 3186)
    }

    @Test("tokens are told apart by bytes, not by Unicode canonical equivalence")
    func canonicallyEquivalentTokens() {
        // U+03AC and U+1F71 are canonically equivalent, so equal as Swift Strings, but two tokens.
        let tonos = tokenizer.id(of: "\u{3AC}")
        let oxia = tokenizer.id(of: "\u{1F71}")
        #expect(tonos != nil && oxia != nil && tonos != oxia)
        #expect(tokenizer.encode("\u{3AC}").last == tonos)
        #expect(tokenizer.encode("\u{1F71}").last == oxia)
    }

    /// A tokenizer file around the given `model` members (vocab, merges, …), with the Llama-2 normaliser ("_" for "▁").
    static func file(model: String) -> String {
        #"{"version":"1.0","added_tokens":[],"normalizer":{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"_"},{"type":"Replace","pattern":{"String":" "},"content":"_"}]},"pre_tokenizer":null,"model":{"type":"BPE",\#(model)}}"#
    }

    @Test("merges go lowest rank first, leftmost among equals; unknown scalars fuse into one <unk>")
    func smallModel() throws {
        let json = Self.file(
            model:
                #""unk_token":"<unk>","fuse_unk":true,"byte_fallback":false,"vocab":{"<unk>":0,"_":1,"a":2,"b":3,"ab":4,"ba":5,"_a":6,"aba":7},"merges":["a b","_ a","ab a","b a"]"#
        )
        let file = try TemporaryFile(json)
        let t = try BPETokenizer(path: file.path)
        // "_abab": "a b" (rank 0) merges both pairs, leftmost first → _ ab ab; "_ a" no longer applies.
        #expect(t.encode("abab") == [1, 4, 4])
        // "_aba": a b → _ ab a; then "ab a" (rank 2) → _ aba.
        #expect(t.encode("aba") == [1, 7])
        // Unknown scalars (?, é, 😀) in a row become one <unk>; a known scalar ends the run.
        #expect(t.encode("a?é😀b?") == [6, 0, 3, 0])
    }

    @Test("a file that is not a supported BPE tokenizer is refused with the file and the reason")
    func refusals() throws {
        let broken = try TemporaryFile(#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["#)
        let error = #expect(throws: EmbeddingsError.self) { try BPETokenizer(path: broken.path) }
        #expect(error?.description.hasPrefix("tokenizer file \(broken.path) is damaged: invalid JSON") == true, "\(String(describing: error))")

        let wordPiece = try TemporaryFile(#"{"model": {"type": "WordPiece", "vocab": {}}}"#)
        #expect(throws: EmbeddingsError.unsupported(path: wordPiece.path, reason: "model type WordPiece; only BPE is implemented")) {
            try BPETokenizer(path: wordPiece.path)
        }

        let byteLevel = try TemporaryFile(
            Self.file(model: #""vocab":{"a":0},"merges":[]"#).replacingOccurrences(
                of: #""pre_tokenizer":null"#,
                with: #""pre_tokenizer":{"type":"ByteLevel"}"#
            )
        )
        #expect(throws: EmbeddingsError.unsupported(path: byteLevel.path, reason: "pre_tokenizer ByteLevel; only files without one are implemented"))
        {
            try BPETokenizer(path: byteLevel.path)
        }

        let badMerge = try TemporaryFile(Self.file(model: #""vocab":{"a":0,"b":1},"merges":["a b"]"#))
        #expect(throws: EmbeddingsError.malformedTokenizer(path: badMerge.path, reason: "merges[0] uses a token that is not in the vocabulary")) {
            try BPETokenizer(path: badMerge.path)
        }

        #expect(throws: EmbeddingsError.io(path: "/nonexistent/tokenizer.json", reason: "No such file or directory")) {
            try BPETokenizer(path: "/nonexistent/tokenizer.json")
        }
    }
}

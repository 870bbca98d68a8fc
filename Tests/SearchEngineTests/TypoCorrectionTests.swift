import Testing

@testable import SearchEngine

/// A customer who mistypes a word still finds the document that word names; a real word the documents do not use,
/// a code, a name or the word being typed is left as it is.
@Suite("Typo correction")
struct TypoCorrectionTests {
    static let analyzer = Analyzer()

    /// Three solutions, and more documents holding `store` than `stork` so that the frequency decides.
    static func index() -> SearchIndex {
        let index = SearchIndex()
        var documents: [IndexChange] = [
            .upsert(Document(id: "refund", fields: ["title": "Refund not issued", "body": "Ask for the refund in the app"])),
            .upsert(Document(id: "share", fields: ["title": "Share a class", "body": "Invite a colleague to share the class"])),
            .upsert(Document(id: "paying", fields: ["title": "Paying by card", "body": "Cards we accept for paying"])),
            .upsert(Document(id: "stork", fields: ["title": "Stork delivery", "body": "A stork brings it"])),
            .upsert(Document(id: "launch", fields: ["title": "Launch the app", "body": "Tap its icon"])),
        ]
        for i in 0..<3 {
            documents.append(.upsert(Document(id: "store\(i)", fields: ["title": "Store hours", "body": "The store opens at nine"])))
        }
        index.apply(documents)
        return index
    }

    static let known = KnownWords(["refund", "share", "class", "store", "pay", "paying", "lunch", "the"], analyzer: analyzer)

    func ids(_ index: SearchIndex, _ text: String, known: KnownWords? = TypoCorrectionTests.known, prefix: Bool = false) -> [String] {
        var request = SearchRequest(text: text, k: 10, prefixLastTerm: prefix)
        request.typoCorrection = known
        return index.search(request).map(\.id)
    }

    @Test("each kind of slip finds the word: a letter left out, added, changed, or two neighbours swapped")
    func slips() {
        let index = Self.index()
        #expect(ids(index, "refud") == ["refund"])  // left out
        #expect(ids(index, "refuund") == ["refund"])  // added
        #expect(ids(index, "shsre") == ["share"])  // changed
        #expect(ids(index, "rfeund") == ["refund"])  // swapped
        // A slip in a word whose term is a stem: `payng` is one letter from `paying`, indexed as `pai`.
        #expect(ids(index, "payng") == ["paying"])
        // Without correction, none of them matches anything.
        for text in ["refud", "refuund", "shsre", "rfeund", "payng"] {
            #expect(ids(index, text, known: nil).isEmpty, "\(text)")
        }
    }

    @Test("the most frequent word one slip away wins, whatever the order of the edits")
    func mostFrequent() {
        let index = Self.index()
        // `storr` is one letter from `store` (3 documents) and from `stork` (1).
        #expect(Set(ids(index, "storr")) == ["store0", "store1", "store2"])
        let query = QueryParser.parse(
            { var r = SearchRequest(text: "storr"); r.typoCorrection = Self.known; return r }(), analyzer: Self.analyzer,
            segments: index.snapshot.segments)
        #expect(query.terms.map { String(decoding: $0.bytes, as: UTF8.self) } == ["store"])
    }

    @Test("known words, words the index holds, short words, codes and the word being typed stay as they are")
    func leftAlone() {
        let index = Self.index()
        // `lunch` is a known word the documents do not use: not read as `launch`, one letter away, as it would be
        // without the list of known words.
        #expect(ids(index, "lunch").isEmpty)
        #expect(ids(index, "lunch", known: KnownWords([], analyzer: Self.analyzer)) == ["launch"])
        // The first letter is never changed: `ttore` is not `store`, `xrefund` is not `refund`.
        #expect(ids(index, "ttore").isEmpty)
        #expect(ids(index, "xrefund").isEmpty)
        // `stork` is in the index: not corrected to the more frequent `store`.
        #expect(ids(index, "stork") == ["stork"])
        // Three letters are too few to choose from; digits make a code.
        #expect(ids(index, "shr").isEmpty)
        #expect(ids(index, "refund2").isEmpty)
        // A word being typed is a prefix, not a slip: `refu` completes to `refund`, `shsr` is not corrected.
        #expect(ids(index, "my refu", prefix: true) == ["refund"])
        #expect(ids(index, "shsr", prefix: true).isEmpty)
        // The same word, once typed to its end and followed by a space, is corrected.
        #expect(ids(index, "shsre ", prefix: true) == ["share"])
    }

    @Test("a correction already in the query adds to its weight, and later words are corrected up to the bound")
    func weightsAndBound() {
        let index = Self.index()
        var request = SearchRequest(text: "refund refud")
        request.typoCorrection = Self.known
        let query = QueryParser.parse(request, analyzer: Self.analyzer, segments: index.snapshot.segments)
        #expect(query.terms.count == 1)
        #expect(query.terms.first?.weight == 2)
        // Words the index lacks past the bound are left as they are: a hostile text cannot make the look-ups grow.
        let unknown = (0..<SearchRequest.maximumCorrections).map { "zqxjv" + String(UnicodeScalar(UInt8(97 + $0))) }
        var long = SearchRequest(text: (unknown + ["refud"]).joined(separator: " "))
        long.typoCorrection = Self.known
        let parsed = QueryParser.parse(long, analyzer: Self.analyzer, segments: index.snapshot.segments)
        #expect(parsed.terms.map { String(decoding: $0.bytes, as: UTF8.self) }.contains("refud"))
        #expect(ids(index, "refud " + unknown.joined(separator: " ")) == ["refund"])
    }

    @Test("known words are matched as the analyzer indexes them")
    func knownWords() {
        let known = KnownWords(["Paying", "stores"], analyzer: Self.analyzer)
        #expect(known.contains("paying", analyzer: Self.analyzer))
        #expect(known.contains("pays", analyzer: Self.analyzer))  // indexed as `pai`, as `paying` is
        #expect(!known.contains("payment", analyzer: Self.analyzer))
        #expect(known.contains("store", analyzer: Self.analyzer))
        #expect(known.adding(terms: ["mother"]).contains("mother", analyzer: Self.analyzer))
        #expect(!known.contains("mother", analyzer: Self.analyzer))
    }

    @Test("a snapshot works a word's correction out once, and keeps a bounded number of words")
    func memo() {
        let memo = CorrectionMemo()
        var computed = 0
        let word = Array("refud".utf8)
        for _ in 0..<3 {
            #expect(memo.correction(of: word) { computed += 1; return Array("refund".utf8) } == Array("refund".utf8))
        }
        #expect(computed == 1)
        // A word without a correction is kept as such too.
        #expect(memo.correction(of: Array("zqxjv".utf8)) { computed += 1; return nil } == nil)
        #expect(memo.correction(of: Array("zqxjv".utf8)) { computed += 1; return nil } == nil)
        #expect(computed == 2)
        for i in 0..<(CorrectionMemo.capacity + 10) { _ = memo.correction(of: Array("w\(i)".utf8)) { nil } }
        #expect(memo.count <= CorrectionMemo.capacity)
        #expect(memo.count > 0)
    }
}

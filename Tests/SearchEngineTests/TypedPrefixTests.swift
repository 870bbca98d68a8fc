import Testing

@testable import SearchEngine

/// As-you-type: a keystroke inside a word reuses the complete words' scores (`TypedPrefix`) and must find exactly what
/// the whole search finds.
@Suite("Keystrokes reuse the complete words' scores")
struct TypedPrefixTests {
    let analyzer = Analyzer()

    /// The request for `text` being typed, and how many of its terms are complete words.
    func typing(_ text: String, k: Int, scoring: Scoring = .bm25, filter: String? = nil) -> (SearchRequest, Int) {
        let analysed = analyzer.analyzeWithOffsets(text)
        let query = AnalyzedQuery(terms: analysed.terms.map(\.text), trailingPartialWord: analysed.trailingPartialWord)
        // The word the text ends inside starts after the last space.
        let wordStart = analysed.trailingPartialWord == nil ? text.utf8.count : (text.utf8.lastIndex(of: 0x20).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) + 1 } ?? 0)
        let stable = analysed.terms.prefix { $0.utf8Range.lowerBound < wordStart }.count
        return (SearchRequest(analyzed: query, k: k, scoring: scoring, filter: filter, prefixLastTerm: true), stable)
    }

    @Test("every keystroke of typed texts gets the whole search's hits, scores, order and ceiling", arguments: 0..<8)
    func keystrokesEqualWholeSearch(seed: Int) {
        let (index, corpus) = PruningTests.makeIndex(seed: UInt64(seed))
        var random = corpus
        #expect(index.segmentCount > 1)
        var reused = 0
        for t in 0..<3 {
            let text = random.text(words: 4...12)
            let filter: String? = (seed + t) % 3 == 0 ? "billing" : nil
            let k = [1, 5, 30][(seed + t) % 3]
            var prefix: TypedPrefix?
            for end in text.indices.dropFirst() + [text.endIndex] {
                let typed = String(text[..<end])
                let (request, stable) = typing(typed, k: k, filter: filter)
                let whole = index.searchWithCeiling(request)
                let previous = prefix
                let keystroke = index.searchWithCeiling(request, stableTerms: stable, reusing: prefix)
                #expect(keystroke.hits == whole.hits, "seed \(seed) \(typed)")
                #expect(keystroke.ceiling == whole.ceiling, "seed \(seed) \(typed)")
                if let previous, keystroke.prefix === previous { reused += 1 }
                prefix = keystroke.prefix
            }
        }
        // Most keystrokes fall inside a word whose complete words were scored by the keystroke before.
        #expect(reused > 20)
    }

    @Test("a word being typed that repeats a complete word, and a text that ends between words, are still exact")
    func repeatsAndSpaces() {
        let (index, _) = PruningTests.makeIndex(seed: 3)
        var prefix: TypedPrefix?
        for text in ["w1q w2q w1", "w1q w2q w1q", "w1q w2q w1q ", "w1q w2q w1q w3", "w0q w0q w0"] {
            let (request, stable) = typing(text, k: 10)
            let keystroke = index.searchWithCeiling(request, stableTerms: stable, reusing: prefix)
            let whole = index.searchWithCeiling(request)
            #expect(keystroke.hits == whole.hits, "\(text)")
            #expect(keystroke.ceiling == whole.ceiling, "\(text)")
            prefix = keystroke.prefix
        }
    }

    @Test("a change to the index between two keystrokes is seen by the second")
    func changesAreSeen() {
        let index = SearchIndex(automaticMerges: false)
        index.apply([
            .upsert(Document(id: "1", fields: ["title": "Printer offline", "body": "Reinstall the printer driver"])),
            .upsert(Document(id: "2", fields: ["title": "Router offline", "body": "Restart the router"])),
        ])
        let (first, stable) = typing("printer offl", k: 5)
        let before = index.searchWithCeiling(first, stableTerms: stable, reusing: nil)
        #expect(before.hits.map(\.id) == ["1", "2"])
        #expect(before.prefix != nil)
        // Given the printer's solution is removed and another printer solution added before the next keystroke
        index.apply([
            .delete(id: "1"),
            .upsert(Document(id: "3", fields: ["title": "Printer paper jam", "body": "Open the tray"])),
        ])
        let (second, _) = typing("printer offli", k: 5)
        let after = index.searchWithCeiling(second, stableTerms: stable, reusing: before.prefix)
        #expect(after.hits == index.searchWithCeiling(second).hits)
        #expect(after.hits.map(\.id) == ["3", "2"] || after.hits.map(\.id) == ["2", "3"])
        #expect(!after.hits.contains { $0.id == "1" })
        #expect(after.prefix !== before.prefix)
    }

    @Test("TF-IDF, a text of one word and a prefix matching too many documents run the whole search")
    func wholeSearchFallbacks() {
        let index = SearchIndex(automaticMerges: false)
        index.apply((0..<(TypedPrefix.maximumDocuments + 10)).map {
            .upsert(Document(id: "\($0)", fields: ["body": $0 % 2 == 0 ? "printer offline" : "printer jam"]))
        })
        let (common, stable) = typing("printer off", k: 3)
        let many = index.searchWithCeiling(common, stableTerms: stable, reusing: nil)
        #expect(many.prefix == nil)
        #expect(many.hits == index.searchWithCeiling(common).hits)
        let (tfidf, tfidfStable) = typing("printer off", k: 3, scoring: .tfidf)
        let cosine = index.searchWithCeiling(tfidf, stableTerms: tfidfStable, reusing: nil)
        #expect(cosine.prefix == nil)
        #expect(cosine.hits == index.searchWithCeiling(tfidf).hits)
        let (one, none) = typing("off", k: 3)
        #expect(none == 0)
        #expect(index.searchWithCeiling(one, stableTerms: none, reusing: nil).hits == index.searchWithCeiling(one).hits)
    }
}

import Testing

@testable import SearchEngine

/// A caller that needs a text's terms too (to re-rank and highlight) analyses it once and searches with the terms.
@Suite("Analysis with offsets")
struct AnalyzedQueryTests {
    let analyzer = Analyzer()
    static let texts = [
        "Error E1234 on my wifi6 router, page says 404",
        "CAFÉ Crème naïve Straße Øre cafe\u{301} done",
        "Пароль НЕ работает 東京 2024",
        "user_name@example.com; don't!",
        String(repeating: "x", count: 65) + " ok",
        "The payments are not connecting to the account",
        "printer offl",
        "printer offline ",
        "",
        "!!",
    ]

    @Test("gives the terms of `analyze`, each with the place of its token, and the word the text ends inside")
    func offsets() {
        for text in Self.texts {
            let analysed = analyzer.analyzeWithOffsets(text)
            #expect(analysed.terms.map(\.text) == analyzer.analyze(text), "\(text)")
            for term in analysed.terms {
                let utf8 = Array(text.utf8)
                let token = String(decoding: utf8[term.utf8Range], as: UTF8.self)
                #expect(analyzer.analyze(token) == [term.text], "\(text): \(token)")
            }
            #expect(analysed.trailingPartialWord.map { Array($0.utf8) } == analyzer.trailingPartialWord(of: text), "\(text)")
        }
        #expect(analyzer.analyzeWithOffsets("Straße drucker").terms.map(\.utf8Range) == [0..<7, 8..<15])
        #expect(analyzer.analyzeWithOffsets("printer offl").trailingPartialWord == "offl")
    }

    @Test("a search with the analysed terms finds what a search with the text finds, prefix completions included")
    func sameHits() {
        let index = SearchIndex()
        index.apply([
            .upsert(Document(id: "1", fields: ["title": "Printer offline", "body": "Reinstall the printer driver"])),
            .upsert(Document(id: "2", fields: ["title": "Router offline", "body": "Restart the router"])),
            .upsert(Document(id: "3", fields: ["title": "Card declined", "body": "Check the card's expiry date"])),
        ])
        for text in ["printer offline", "router offl", "the card", "offline offline printer", "dri", "zzz"] {
            for prefix in [false, true] {
                let analysed = analyzer.analyzeWithOffsets(text)
                let query = AnalyzedQuery(terms: analysed.terms.map(\.text), trailingPartialWord: analysed.trailingPartialWord)
                #expect(
                    index.search(SearchRequest(analyzed: query, k: 5, prefixLastTerm: prefix))
                        == index.search(SearchRequest(text: text, k: 5, prefixLastTerm: prefix)), "\(text)")
            }
        }
    }
}

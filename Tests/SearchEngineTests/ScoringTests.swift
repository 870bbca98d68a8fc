import Testing
@testable import SearchEngine

@Suite("Scores equal the textbook formulas")
struct ScoringTests {
    static let corpus: [Document] = [
        Document(id: "pw", fields: ["title": "Reset a forgotten password", "body": "Open the sign-in page and choose Forgot password. A reset link arrives by e-mail."]),
        Document(id: "2fa", fields: ["title": "Two-factor code does not arrive", "body": "Check the phone number on your account; codes expire after five minutes."]),
        Document(id: "refund", fields: ["title": "Refund for a returned order", "body": "Refunds are paid to the original payment method within five days of the return arriving."]),
        Document(id: "wifi", fields: ["title": "Router drops wifi6 devices", "body": "Update the router firmware; error E1234 means the 6 GHz band is disabled."]),
        Document(id: "locked", fields: ["title": "Account locked after failed sign-in attempts", "body": "Wait fifteen minutes or reset your password to unlock the account."]),
    ]

    @Test("BM25 top-k equals a direct computation", arguments: [Scoring.bm25, .bm25(k1: 0.9, b: 0.4), .bm25(k1: 2.0, b: 1.0)])
    func bm25MatchesReference(scoring: Scoring) {
        // Given an index of five help articles
        let index = SearchIndex()
        index.apply(Self.corpus.map { .upsert($0) })
        let reference = ReferenceScorer(analyzer: index.configuration.analyzer, fields: index.configuration.fields, documents: Self.corpus)
        for query in ["I forgot my password and cannot sign in", "refund for the order I returned", "E1234 wifi6 router", "account locked password"] {
            // When we search
            let hits = index.search(SearchRequest(text: query, k: 5, scoring: scoring))
            let expected = reference.top(query, k: 5, scoring: scoring)
            // Then ids and scores match the formula
            #expect(hits.map(\.id) == expected.map(\.id), "query: \(query)")
            for (h, e) in zip(hits, expected) { #expect(close(h.score, e.score), "\(h.id): \(h.score) vs \(e.score)") }
        }
    }

    @Test("TF-IDF cosine equals a direct computation and stays within [0, 1]")
    func tfidfMatchesReference() {
        let index = SearchIndex()
        index.apply(Self.corpus.map { .upsert($0) })
        let reference = ReferenceScorer(analyzer: index.configuration.analyzer, fields: index.configuration.fields, documents: Self.corpus)
        for query in ["forgot password", "refund returned order payment", "router firmware wifi6"] {
            let hits = index.search(SearchRequest(text: query, k: 5, scoring: .tfidf))
            let expected = reference.top(query, k: 5, scoring: .tfidf)
            #expect(hits.map(\.id) == expected.map(\.id), "query: \(query)")
            for (h, e) in zip(hits, expected) { #expect(close(h.score, e.score)) }
            #expect(hits.allSatisfy { $0.score > 0 && $0.score <= 1 + 1e-6 })
        }
    }

    @Test("The score ceiling bounds every hit, makes strength comparable across queries, and counts unknown words")
    func scoreCeiling() throws {
        let index = SearchIndex()
        index.apply(Self.corpus.map { .upsert($0) })
        func strength(_ text: String, prefix: Bool = false) throws -> Double {
            let request = SearchRequest(text: text, k: 5, prefixLastTerm: prefix)
            let top = try #require(index.search(request).first, "no hit for \(text)")
            return top.score / index.scoreCeiling(request)
        }
        // Every hit of every query lies below the ceiling, for any BM25 parameters and for TF-IDF.
        for scoring in [Scoring.bm25, .bm25(k1: 0.5, b: 0.3), .bm25(k1: 2.0, b: 1.0), .tfidf] {
            for query in ["forgot password reset link", "refund order", "router firmware wifi6 E1234", "account"] {
                let request = SearchRequest(text: query, k: 5, scoring: scoring)
                let ceiling = index.scoreCeiling(request)
                #expect(ceiling > 0)
                #expect(index.search(request).allSatisfy { $0.score <= ceiling }, "\(query)")
                // Asked together, the search and its ceiling are the same as asked apart.
                let both = index.searchWithCeiling(request)
                #expect(both.hits == index.search(request) && both.ceiling == ceiling, "\(query)")
            }
        }
        #expect(index.scoreCeiling(SearchRequest(text: "forgot password", scoring: .tfidf)) == 1)
        // A query the article answers word for word is a stronger match than one it shares a single word with.
        let close = try strength("reset forgotten password")
        let loose = try strength("password for my bank, my tax office and my email provider")
        #expect(close > 2 * loose, "\(close) vs \(loose)")
        // Words no article holds lower the strength: the same match inside a longer, unknown complaint is weaker.
        let unknown = try strength("reset forgotten password zxqv plorb wemmick trantor")
        #expect(unknown < close)
        // A trailing partial word counts as one word, however many completions it has.
        let typing = index.scoreCeiling(SearchRequest(text: "refund re", prefixLastTerm: true, maxExpansions: 8))
        let oneWord = index.scoreCeiling(SearchRequest(text: "refund"))
        let rarestWord = BM25.idf(documentCount: Self.corpus.count, documentFrequency: 1) * (BM25.defaultK1 + 1)
        #expect(typing > oneWord)
        #expect(typing - oneWord <= rarestWord + 1e-9)
        // Nothing to match: no ceiling.
        #expect(index.scoreCeiling(SearchRequest(text: "the and of")) == 0)
    }

    @Test("The most relevant article comes first for a customer's own words")
    func relevantFirst() {
        let index = SearchIndex()
        index.apply(Self.corpus.map { .upsert($0) })
        #expect(index.search(SearchRequest(text: "i forgot my pasword, the password reset mail never came")).first?.id == "pw")
        #expect(index.search(SearchRequest(text: "my account got locked after too many failed attempts")).first?.id == "locked")
        #expect(index.search(SearchRequest(text: "where is my refund? I returned the order last week")).first?.id == "refund")
    }

    @Test("Scores over random corpora split in several segments equal the reference", arguments: 0..<6)
    func randomCorporaMatchReference(seed: Int) {
        var random = RandomCorpus(seed: UInt64(seed) &* 7919)
        let documents = (0..<400).map { random.document(id: "d\($0)", filters: ["a", "b"]) }
        let index = SearchIndex(automaticMerges: false)
        for batch in stride(from: 0, to: documents.count, by: 97) {
            index.apply(documents[batch..<min(batch + 97, documents.count)].map { .upsert($0) })
        }
        #expect(index.segmentCount == 5)
        let reference = ReferenceScorer(analyzer: index.configuration.analyzer, fields: index.configuration.fields, documents: documents)
        for _ in 0..<5 { expectMatchesReference(index, reference, text: random.text(words: 3...20)) }
    }
}

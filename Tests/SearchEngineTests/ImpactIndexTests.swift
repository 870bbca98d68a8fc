import Testing
@testable import SearchEngine

@Suite("Quantised impacts: exact top-k over the impacts, close to float BM25")
struct ImpactIndexTests {
    /// The quantised top-k computed the plain way: every live (and wanted) document's Σ qtf · impact, with the
    /// documents decoded from the float index's segments and the impacts from the impact layout, sorted by score
    /// descending, then global document order.
    static func reference(_ impacts: ImpactIndex, _ index: SearchIndex, text: String, filter: String? = nil) -> [(doc: UInt64, score: Int)] {
        let snapshot = index.snapshot
        var qtf: [String: Int] = [:]
        for t in snapshot.configuration.analyzer.analyze(text) { qtf[t, default: 0] += 1 }
        var scores: [UInt64: Int] = [:]
        for (s, segment) in snapshot.segments.enumerated() {
            for (term, weight) in qtf {
                guard let t = segment.directory.termID(Array(term.utf8)) else { continue }
                var docs: [UInt32] = []
                var tfs: [UInt32] = []
                segment.decodePostings(term: t, docs: &docs, values: &tfs)
                var impactDocs: [UInt32] = []
                var values: [UInt32] = []
                impacts.segments[s].decodePostings(term: t, docs: &impactDocs, values: &values)
                #expect(impactDocs == docs)
                for (i, d) in docs.enumerated() {
                    if let deleted = snapshot.deletions[s], deleted[Int(d >> 6)] & (1 << UInt64(d & 63)) != 0 { continue }
                    if let filter, segment.directory.filterOrdinal(of: Int(d)) != segment.directory.filterOrdinal(filter) { continue }
                    scores[UInt64(s) << 32 | UInt64(d), default: 0] += weight * Int(values[i])
                }
            }
        }
        return scores.map { (doc: $0.key, score: $0.value) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }
    }

    @Test("Every algorithm returns the exhaustive quantised top-k (segments, deletions, filters, any k)", arguments: 0..<12)
    func prunedEqualsReference(seed: Int) {
        let (index, corpus) = PruningTests.makeIndex(seed: UInt64(seed))
        var random = corpus
        let impacts = ImpactIndex(freezing: index)
        #expect(index.segmentCount > 1)
        #expect(impacts.segmentSearch.deletedCounts.contains { $0 > 0 })
        var queries = (0..<6).map { _ in random.text(words: 15...60) }
        queries += [random.text(words: 1...1), random.text(words: 2...3), "", "zzzunknownzzz", "w0q w0q w0q w1q"]
        for (q, query) in queries.enumerated() {
            let all = [nil, "billing"].map { Self.reference(impacts, index, text: query, filter: $0) }
            for (i, k) in [1, 2, 10, 37, 500, 5_000, 1 << 40].enumerated() {
                let filter: String? = (q + i) % 3 == 0 ? "billing" : nil
                let expected = all[filter == nil ? 0 : 1].prefix(min(k, SearchRequest.maximumK))
                if q < 6 { #expect(!expected.isEmpty) }
                // Every algorithm from the starting floor; block-max MaxScore also in integers without the floor
                // and in the generic (floating-point) loop.
                // The integer loop also with windows of 64 and 640 documents, so that a query crosses many windows
                // on these small segments (the shipped window is larger than any of them).
                let window = ImpactMaxScore.windowSize
                let variants = RetrievalAlgorithm.allCases.map { ($0, true, true, window) }
                    + [(RetrievalAlgorithm.blockMaxScore, true, false, window), (.blockMaxScore, false, false, window),
                       (.exhaustive, true, false, window), (.blockMaxScore, true, true, 64), (.blockMaxScore, true, false, 640)]
                for (algorithm, integer, floors, windowSize) in variants {
                    let request = SearchRequest(text: query, k: k, filter: filter, algorithm: algorithm)
                    let got = impacts.searchQuantised(request, integer: integer, floors: floors, windowSize: windowSize)
                    let label = "seed \(seed) query \(q) k=\(k) \(algorithm) integer \(integer) floors \(floors) window \(windowSize)"
                    #expect(got.map(\.doc) == expected.map(\.doc), "\(label)")
                    #expect(got.map(\.score) == expected.map(\.score), "\(label)")
                }
            }
        }
    }

    @Test("The starting floor from the terms' 10th impacts changes no answer", arguments: 0..<6)
    func floorKeepsAnswers(seed: Int) {
        // Given segments without deletions, so that every k ≤ 10 query without filter starts from a floor
        var random = RandomCorpus(seed: UInt64(100 + seed), vocabularySize: 150)
        let index = SearchIndex(automaticMerges: false)
        for part in 0..<3 {
            index.apply((0..<700).map { .upsert(random.document(id: "p\(part)d\($0)", filters: [])) })
        }
        let impacts = ImpactIndex(freezing: index)
        #expect(impacts.segmentSearch.deletedCounts.allSatisfy { $0 == 0 })
        for _ in 0..<12 {
            let query = random.text(words: 1...40)
            let all = Self.reference(impacts, index, text: query)
            for k in 1...10 {
                for algorithm in RetrievalAlgorithm.allCases {
                    let got = impacts.searchQuantised(SearchRequest(text: query, k: k, algorithm: algorithm))
                    #expect(got.map(\.doc) == all.prefix(k).map(\.doc), "seed \(seed) k=\(k) \(algorithm)")
                    #expect(got.map(\.score) == all.prefix(k).map(\.score), "seed \(seed) k=\(k) \(algorithm)")
                }
            }
        }
    }

    @Test("A k of 0 or below returns nothing, and no query traps")
    func hostileK() {
        let (index, _) = PruningTests.makeIndex(seed: 3)
        let impacts = ImpactIndex(freezing: index)
        for k in [0, -1, Int.min, Int.max] {
            let hits = impacts.search(SearchRequest(text: "w1q w2q w3q", k: k))
            #expect(k <= 0 ? hits.isEmpty : hits.count <= SearchRequest.maximumK)
        }
    }

    @Test("Exact ties are broken by index order, as in the float search")
    func tiesBrokenByIndexOrder() {
        let index = SearchIndex(automaticMerges: false)
        index.apply((0..<500).map { .upsert(Document(id: "same\($0)", fields: ["body": "printer jam tray"])) })
        index.apply((500..<900).map { .upsert(Document(id: "same\($0)", fields: ["body": "printer jam tray"])) })
        let impacts = ImpactIndex(freezing: index)
        for algorithm in RetrievalAlgorithm.allCases {
            #expect(impacts.search(SearchRequest(text: "printer jam", k: 10, algorithm: algorithm)).map(\.id) == (0..<10).map { "same\($0)" })
        }
    }

    @Test("Impacts are the float BM25 contributions quantised; an empty index gives nothing")
    func impactsQuantiseFloatScores() {
        #expect(ImpactIndex(freezing: SearchIndex(automaticMerges: false)).search(SearchRequest(text: "anything")).isEmpty)
        var random = RandomCorpus(seed: 7)
        let documents = (0..<1_500).map { random.document(id: "d\($0)", filters: []) }
        let index = SearchIndex(automaticMerges: false)
        index.apply(documents.map { .upsert($0) })
        let impacts = ImpactIndex(freezing: index)
        let reference = ReferenceScorer(analyzer: index.configuration.analyzer, fields: index.configuration.fields, documents: documents)
        let unit = impacts.maximumScore / Double(ImpactIndex.levels)
        for _ in 0..<10 {
            let text = random.text(words: 10...30)
            let terms = index.configuration.analyzer.analyze(text).count
            let float = Dictionary(uniqueKeysWithValues: reference.top(text, k: documents.count, scoring: .bm25).map { ($0.id, $0.score) })
            let hits = impacts.search(SearchRequest(text: text, k: 50))
            #expect(hits.count == min(50, float.count))
            // Each term's impact is within half a level of its score (a whole one where the floor of 1 applies).
            for hit in hits {
                guard let exact = float[hit.id] else {
                    Issue.record("\(hit.id) does not match \(text)")
                    continue
                }
                #expect(abs(hit.score - exact) <= Double(terms) * unit + 1e-9, "\(hit.id)")
            }
        }
    }

    @Test("On an easy case the quantised ranking is the float BM25 ranking")
    func agreesWithFloatRanking() {
        // Given documents whose scores for the query are well apart
        let bodies = [
            "printer jam jam jam tray paper", "printer jam tray", "printer jam", "printer paper toner ink cartridge",
            "refund invoice billing", "printer", "jam", "login password reset email",
        ]
        let index = SearchIndex(automaticMerges: false)
        index.apply(bodies.enumerated().map { .upsert(Document(id: "d\($0.offset)", fields: ["body": $0.element])) })
        index.apply((0..<200).map { .upsert(Document(id: "filler\($0)", fields: ["body": "delivery parcel courier late \($0 % 7)"])) })
        let impacts = ImpactIndex(freezing: index)
        // When both search
        let request = SearchRequest(text: "printer jam paper", k: 10)
        let float = index.search(request)
        let quantised = impacts.search(request)
        // Then they return the same documents in the same order, with close scores
        #expect(quantised.map(\.id) == float.map(\.id))
        #expect(quantised.count == 6)
        for (q, f) in zip(quantised, float) {
            #expect(abs(q.score - f.score) <= 3 * impacts.maximumScore / Double(ImpactIndex.levels))
        }
    }
}

import Testing
@testable import SearchEngine

@Suite("Pruned top-k equals exhaustive top-k")
struct PruningTests {
    /// Builds an index in several segments with replaced and deleted documents, so pruning also has
    /// to respect deletions and segment boundaries.
    static func makeIndex(seed: UInt64) -> (SearchIndex, RandomCorpus) {
        var random = RandomCorpus(seed: seed, vocabularySize: 300 + Int(seed % 5) * 100)
        let index = SearchIndex(automaticMerges: false)
        let total = 2_000 + Int(seed % 4) * 700
        var next = 0
        while next < total {
            let size = Int.random(in: 50...900, using: &random.generator)
            var changes: [IndexChange] = []
            for _ in 0..<size where next < total {
                changes.append(.upsert(random.document(id: "d\(next)", filters: ["billing", "login", "delivery"])))
                next += 1
            }
            for _ in 0..<(size / 20) {
                let victim = Int.random(in: 0..<next, using: &random.generator)
                changes.append(Bool.random(using: &random.generator)
                    ? .delete(id: "d\(victim)") : .upsert(random.document(id: "d\(victim)", filters: ["billing"])))
            }
            index.apply(changes)
        }
        return (index, random)
    }

    @Test("MaxScore, block-max MaxScore, WAND and block-max WAND return the exhaustive top-k", arguments: 0..<16)
    func prunedEqualsExhaustive(seed: Int) {
        let (index, corpus) = Self.makeIndex(seed: UInt64(seed))
        var random = corpus
        #expect(index.segmentCount > 1)
        for q in 0..<8 {
            let query = random.text(words: 15...60)
            let k = [1, 5, 10, 50][q % 4]
            let filter: String? = q % 3 == 0 ? "billing" : nil
            for scoring in [Scoring.bm25, .tfidf, .bm25(k1: 0.8, b: 0.3)] {
                let exhaustive = index.search(SearchRequest(text: query, k: k, scoring: scoring, filter: filter, algorithm: .exhaustive))
                #expect(exhaustive.count == k)
                for algorithm in RetrievalAlgorithm.allCases where algorithm != .exhaustive {
                    let pruned = index.search(SearchRequest(text: query, k: k, scoring: scoring, filter: filter, algorithm: algorithm))
                    // Same documents in the same order (ties broken by index order), same scores.
                    #expect(pruned.map(\.id) == exhaustive.map(\.id), "seed \(seed) \(algorithm) \(scoring) k=\(k)")
                    #expect(zip(pruned, exhaustive).allSatisfy { close($0.score, $1.score) })
                }
            }
        }
    }

    @Test("Exact ties are broken the same way by every algorithm")
    func tiesBrokenAlike() {
        // Given many identical documents, so every score is a tie
        let index = SearchIndex(automaticMerges: false)
        index.apply((0..<500).map { .upsert(Document(id: "same\($0)", fields: ["body": "printer jam tray"])) })
        index.apply((500..<900).map { .upsert(Document(id: "same\($0)", fields: ["body": "printer jam tray"])) })
        let expected = index.search(SearchRequest(text: "printer jam", k: 10, algorithm: .exhaustive)).map(\.id)
        #expect(expected == (0..<10).map { "same\($0)" })
        for algorithm in RetrievalAlgorithm.allCases {
            #expect(index.search(SearchRequest(text: "printer jam", k: 10, algorithm: algorithm)).map(\.id) == expected)
        }
    }
}

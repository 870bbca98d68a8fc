import Foundation
import Testing
@testable import SearchEngine

/// The compact layout choices of a segment (hashed dictionary, frequencies stored without their
/// shared low zero bits, arrays left out when they carry nothing, parallel bulk loads) must never
/// change an answer.
@Suite("Segment layout keeps every answer")
struct IndexLayoutTests {
    static func randomDocuments(seed: UInt64, count: Int, filters: [String] = ["a", "b"]) -> [Document] {
        var random = RandomCorpus(seed: seed, vocabularySize: 600)
        return (0..<count).map { random.document(id: "d\($0)", filters: filters) }
    }

    @Test("The dictionary's hash table finds every term where binary search does, and nothing else")
    func hashedLookupMatchesBinarySearch() throws {
        let index = SearchIndex(automaticMerges: false)
        index.bulkLoad(Self.randomDocuments(seed: 11, count: 500))
        let segment = try #require(index.snapshot.segments.first)
        let dictionary = segment.directory.dictionary
        #expect(dictionary.count > 300)
        for i in 0..<dictionary.count {
            let term = dictionary.term(i)
            #expect(dictionary.lookup(term) == i)
            #expect(dictionary.binarySearch(term) == i)
        }
        for absent in ["", "w0", "w0qq", "zzz", "w599q" + "x"] {
            var key = absent
            let found = key.withUTF8 { dictionary.lookup($0) }
            let expected = key.withUTF8 { dictionary.binarySearch($0) }
            #expect(found == expected)
            #expect(found == nil)
        }
    }

    @Test("A parallel bulk load answers exactly like a one-segment load", arguments: [2, 3])
    func parallelBulkLoadMatchesSequential(parallelism: Int) async {
        let documents = Self.randomDocuments(seed: 21, count: 1_200)
        let sequential = SearchIndex(automaticMerges: false)
        sequential.bulkLoad(documents)
        let parallel = SearchIndex(automaticMerges: false)
        await parallel.bulkLoad(documents, checkpoint: 7, parallelism: parallelism, minimumSlice: 100)

        #expect(sequential.segmentCount == 1)
        #expect(parallel.segmentCount == parallelism)
        #expect(parallel.documentCount == documents.count)
        #expect(parallel.checkpoint == 7)
        #expect(parallel.contains(id: "d0") && parallel.contains(id: "d1199") && !parallel.contains(id: "d1200"))
        var random = RandomCorpus(seed: 22, vocabularySize: 600)
        for _ in 0..<20 {
            let text = random.text(words: 3...25)
            for scoring in [Scoring.bm25, .tfidf] {
                for algorithm in RetrievalAlgorithm.allCases {
                    let a = sequential.search(SearchRequest(text: text, k: 10, scoring: scoring, algorithm: algorithm))
                    let b = parallel.search(SearchRequest(text: text, k: 10, scoring: scoring, algorithm: algorithm))
                    #expect(a.map(\.id) == b.map(\.id), "\(algorithm) \(scoring): \(text)")
                    for (x, y) in zip(a, b) { #expect(close(x.score, y.score)) }
                }
            }
            let filtered = parallel.search(SearchRequest(text: text, k: 10, filter: "a"))
            #expect(filtered.map(\.id) == sequential.search(SearchRequest(text: text, k: 10, filter: "a")).map(\.id))
        }
    }

    @Test(
        "Scores stay exact whatever the field weights' units share",
        arguments: [[2.0, 1.0], [0.7, 1.3], [0.125, 1.0], [4.0, 4.0]]
    )
    func fieldWeightsKeepExactScores(weights: [Double]) {
        let fields = [FieldDefinition(name: "title", weight: weights[0]), FieldDefinition(name: "body", weight: weights[1])]
        let index = SearchIndex(configuration: IndexConfiguration(fields: fields), automaticMerges: false)
        let documents = Self.randomDocuments(seed: 31, count: 400)
        index.bulkLoad(documents)
        let reference = ReferenceScorer(analyzer: index.configuration.analyzer, fields: fields, documents: documents)
        var random = RandomCorpus(seed: 32, vocabularySize: 600)
        for _ in 0..<10 { expectMatchesReference(index, reference, text: random.text(words: 3...20), label: "\(weights)") }
    }

    @Test("A segment without filter values or with ids in order saves, opens and answers like before")
    func leanSegmentsSurviveSnapshots() throws {
        // Ids in order ("d000"…) and no filter value: both optional arrays are left out.
        var random = RandomCorpus(seed: 41, vocabularySize: 300)
        let ordered = (0..<300).map { i in
            Document(id: "d" + String(repeating: "0", count: 3 - String(i).count) + String(i), fields: ["title": random.text(words: 1...5), "body": random.text(words: 5...40)])
        }
        // Ids out of order, with filter values: both arrays are kept.
        let shuffled = Self.randomDocuments(seed: 42, count: 300).reversed().map { $0 }
        for documents in [ordered, shuffled] {
            let index = SearchIndex(automaticMerges: false)
            index.bulkLoad(documents)
            let segment = try #require(index.snapshot.segments.first)
            let lean = documents.allSatisfy { $0.filter == nil }
            #expect((segment.directory.docFilter.count == 0) == lean)
            #expect((segment.directory.idOrder.count == 0) == lean)

            let path = FileManager.default.temporaryDirectory.appendingPathComponent("ccr-layout-\(UUID().uuidString).idx").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try index.save(to: path)
            let reopened = try SearchIndex(contentsOf: path, automaticMerges: false)
            for d in documents.prefix(50) { #expect(reopened.contains(id: d.id)) }
            #expect(!reopened.contains(id: "missing"))
            let text = random.text(words: 4...12)
            #expect(reopened.search(SearchRequest(text: text, k: 10)) == index.search(SearchRequest(text: text, k: 10)))
            // Filtering on a value no document has finds nothing rather than reading a missing array.
            #expect(reopened.search(SearchRequest(text: text, k: 10, filter: "nowhere")).isEmpty)
            // Replacing a document finds the old one through the id order and hides it.
            let first = documents[0]
            reopened.upsert(Document(id: first.id, fields: ["title": "zzzunique", "body": ""], filter: first.filter))
            #expect(reopened.documentCount == documents.count)
            #expect(reopened.search(SearchRequest(text: "zzzunique", k: 3)).map(\.id) == [first.id])
        }
    }

    @Test("A vocabulary larger than the builder's token tables, with long and non-Latin words, scores like the reference")
    func largeVocabularyMatchesReference() {
        // Given 12,000 distinct words (more than the builder keeps in its hot token table), spelled at every length
        // around its 8- and 16-byte boundaries, some of them accented or in other scripts
        var random = SplitMix64(testSeed: 31)
        let stems = ["q", "Zx", "kappa", "Ωmega", "naïve", "straße", "東京"]
        let vocabulary = (0..<12_000).map { i -> String in
            let stem = stems[i % stems.count]
            let padding = String(repeating: "y", count: [0, 3, 6, 7, 8, 9, 14, 15, 16, 17, 30][i % 11])
            return stem + padding + String(i, radix: 26)
        }
        let documents = (0..<2_400).map { d -> Document in
            // Each document has a few of 40 common words and five of the vocabulary's, each word in one document.
            let words = (0..<5).map { vocabulary[(d * 5 + $0) % vocabulary.count] }
            let common = (0..<4).map { _ in "often\(random.next() % 40)" }
            return Document(id: "d\(d)", fields: ["title": common.joined(separator: " "), "body": (common + words).joined(separator: ", ")])
        }
        let index = SearchIndex(automaticMerges: false)
        index.bulkLoad(documents)
        let reference = ReferenceScorer(
            analyzer: index.configuration.analyzer, fields: index.configuration.fields, documents: documents)
        // Then every word finds its document, the last ones learned as well as the first, at every length
        for i in [0, 1, 5, 9, 10, 8_191, 8_192, 11_990, 11_999] {
            let hits = index.search(SearchRequest(text: vocabulary[i], k: 3))
            #expect(hits.contains { $0.id == "d\(i / 5)" }, "\(vocabulary[i])")
        }
        // And queries mixing common, rare, long and short words score exactly like the reference
        for q in 0..<12 {
            let text = (0..<6).map { _ in vocabulary[Int(random.next() % UInt64(vocabulary.count))] }.joined(separator: " ")
                + " often\(q) " + vocabulary[q]
            expectMatchesReference(index, reference, text: text, label: text)
        }
        // And a live update of one long document (more distinct words than a one-document builder keeps hot)
        // finds every one of its words, and scores like the reference
        let long = Document(id: "long", fields: ["title": "often1", "body": vocabulary[3_000..<3_300].joined(separator: " ")])
        index.upsert(long)
        let updated = ReferenceScorer(
            analyzer: index.configuration.analyzer, fields: index.configuration.fields, documents: documents + [long])
        for i in stride(from: 3_000, to: 3_300, by: 23) {
            #expect(index.search(SearchRequest(text: vocabulary[i], k: 3)).contains { $0.id == "long" }, "\(vocabulary[i])")
            expectMatchesReference(index, updated, text: vocabulary[i] + " often1 " + vocabulary[i + 1], label: vocabulary[i])
        }
    }
}

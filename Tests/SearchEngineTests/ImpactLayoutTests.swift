import Testing
@testable import SearchEngine

@Suite("The impact index's own layout: document gaps and impacts, exact bounds, no float data kept")
struct ImpactLayoutTests {
    @Test("Each term keeps its documents, and every block and term maximum is exact", arguments: 0..<4)
    func layoutKeepsPostingsAndBounds(seed: Int) {
        // Given an index of several segments with deletions, frozen into impacts
        let (index, _) = PruningTests.makeIndex(seed: UInt64(seed))
        let impacts = ImpactIndex(freezing: index)
        let float = index.snapshot.segments
        #expect(impacts.segments.count == float.count)
        for (segment, frozen) in zip(float, impacts.segments) {
            // The directory is the float segment's own arrays, not a copy
            #expect(frozen.directory.idBytes === segment.directory.idBytes)
            #expect(frozen.directory.docFilter === segment.directory.docFilter)
            #expect(frozen.directory.dictionary.bytes === segment.directory.dictionary.bytes)
            #expect(frozen.directory.termBlockStart === segment.directory.termBlockStart)
            #expect(frozen.directory.blockLastDoc === segment.directory.blockLastDoc)
            for t in 0..<segment.directory.dictionary.count {
                // Then the documents are the float segment's
                var docs: [UInt32] = []
                var tfs: [UInt32] = []
                segment.decodePostings(term: t, docs: &docs, values: &tfs)
                var frozenDocs: [UInt32] = []
                var values: [UInt32] = []
                frozen.decodePostings(term: t, docs: &frozenDocs, values: &values)
                #expect(frozenDocs == docs, "term \(t)")
                #expect(values.allSatisfy { (1...UInt32(ImpactIndex.levels)).contains($0) }, "term \(t)")
                // And each block's and the term's largest impact are exact, as is the term's 10th largest
                var b = Int(frozen.directory.termBlockStart[t])
                frozen.forEachBlock(of: t) { postings, n in
                    let top = (0..<n).map { postings[PostingsWriter.blockSize + $0] }.max() ?? 0
                    #expect(UInt32(frozen.blockMax[b]) == top, "term \(t) block \(b)")
                    #expect(BlockHeader.tfShift(frozen.blockBits[b]) == 0)
                    b += 1
                }
                let sorted = values.sorted(by: >)
                #expect(UInt32(frozen.termMax[t]) == sorted.first ?? 0, "term \(t)")
                let floor = sorted.count >= ImpactSegment.floorRank ? sorted[ImpactSegment.floorRank - 1] : 0
                #expect(UInt32(frozen.termFloor[t]) == floor, "term \(t)")
            }
        }
        #expect(impacts.documentCount == index.documentCount)
    }

    @Test("The impact index answers the same after the float index is gone, and keeps none of its frequencies or bounds")
    func independentOfFloatIndex() {
        weak var snapshot: IndexSnapshot?
        weak var segment: Segment?
        // Given an impact index frozen from a float index that goes away, and its answers to some queries before
        let (impacts, queries, before) = { () -> (ImpactIndex, [String], [[(doc: UInt64, score: Int)]]) in
            let (index, corpus) = PruningTests.makeIndex(seed: 5)
            var random = corpus
            let impacts = ImpactIndex(freezing: index)
            let queries = (0..<8).map { _ in random.text(words: 2...30) }
            snapshot = index.snapshot
            segment = index.snapshot.segments.first
            #expect(snapshot != nil && segment != nil)
            return (impacts, queries, queries.map { impacts.searchQuantised(SearchRequest(text: $0, k: 20)) })
        }()  // When the float index goes out of scope
        // Then the float index's snapshot and segments are freed, and the answers are unchanged
        #expect(snapshot == nil)
        #expect(segment == nil)
        for (query, expected) in zip(queries, before) {
            let got = impacts.searchQuantised(SearchRequest(text: query, k: 20))
            #expect(got.map(\.doc) == expected.map(\.doc))
            #expect(got.map(\.score) == expected.map(\.score))
            #expect(!got.isEmpty)
        }
    }
}

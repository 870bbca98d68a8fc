import Testing
@testable import SearchEngine

@Suite("Live updates, filters and as-you-type")
struct LiveIndexTests {
    @Test("An added document is found by the next query; a replaced one by its new text only; a deleted one not at all")
    func addReplaceDelete() {
        let index = SearchIndex()
        index.upsert(Document(id: "s1", fields: ["title": "Printer shows paper jam", "body": "Open tray 2 and remove the sheet."]))
        #expect(index.search(SearchRequest(text: "paper jam")).map(\.id) == ["s1"])
        index.upsert(Document(id: "s1", fields: ["title": "Scanner makes blurry scans", "body": "Clean the glass."]))
        #expect(index.search(SearchRequest(text: "paper jam")).isEmpty)
        #expect(index.search(SearchRequest(text: "blurry scan")).map(\.id) == ["s1"])
        #expect(index.documentCount == 1)
        index.delete(id: "s1")
        #expect(index.search(SearchRequest(text: "blurry scan")).isEmpty)
        #expect(index.documentCount == 0)
        #expect(!index.contains(id: "s1"))
    }

    @Test("The last change to an id in a batch wins, and the checkpoint is kept")
    func batchSemantics() {
        let index = SearchIndex()
        index.apply([
            .upsert(Document(id: "a", fields: ["body": "first text"])),
            .upsert(Document(id: "a", fields: ["body": "second text"])),
            .upsert(Document(id: "b", fields: ["body": "other"])),
            .delete(id: "b"),
        ], checkpoint: 42)
        #expect(index.search(SearchRequest(text: "first")).isEmpty)
        #expect(index.search(SearchRequest(text: "second")).map(\.id) == ["a"])
        #expect(!index.contains(id: "b"))
        #expect(index.checkpoint == 42)
        index.apply([], checkpoint: 7)
        #expect(index.checkpoint == 42, "a checkpoint never goes back")
    }

    @Test("A filter restricts results without changing their scores")
    func filter() {
        let index = SearchIndex()
        index.apply([
            .upsert(Document(id: "b1", fields: ["body": "refund not received"], filter: "billing")),
            .upsert(Document(id: "d1", fields: ["body": "refund for damaged delivery"], filter: "delivery")),
            .upsert(Document(id: "n1", fields: ["body": "refund question"])),
        ])
        let all = index.search(SearchRequest(text: "refund"))
        let billing = index.search(SearchRequest(text: "refund", filter: "billing"))
        #expect(Set(all.map(\.id)) == ["b1", "d1", "n1"])
        #expect(billing.map(\.id) == ["b1"])
        #expect(billing.first?.score == all.first { $0.id == "b1" }?.score)
        #expect(index.search(SearchRequest(text: "refund", filter: "unknown")).isEmpty)
    }

    @Test("A partly typed last word matches by prefix, most frequent completions first")
    func prefix() {
        let index = SearchIndex()
        index.apply([
            .upsert(Document(id: "pw", fields: ["title": "Reset your password"])),
            .upsert(Document(id: "pp", fields: ["title": "Passport photo upload fails"])),
            .upsert(Document(id: "x", fields: ["title": "Shipping is late"])),
        ])
        #expect(index.search(SearchRequest(text: "cannot reset my passw", prefixLastTerm: true)).first?.id == "pw")
        #expect(Set(index.search(SearchRequest(text: "pass", prefixLastTerm: true)).map(\.id)) == ["pw", "pp"])
        // Without prefix matching, or once the word is finished, the partial word is just a word.
        #expect(index.search(SearchRequest(text: "passw")).isEmpty)
        #expect(index.search(SearchRequest(text: "passw ", prefixLastTerm: true)).isEmpty)
    }

    @Test("Compaction merges segments and drops deleted documents without changing results")
    func compaction() {
        var random = RandomCorpus(seed: 99)
        let index = SearchIndex(automaticMerges: false)
        for i in 0..<30 {
            index.apply((0..<40).map { .upsert(random.document(id: "d\(i * 40 + $0)", filters: ["x"])) })
        }
        index.apply((0..<200).map { .delete(id: "d\($0 * 3)") })
        let queries = (0..<10).map { _ in random.text(words: 10...30) }
        let before = queries.map { index.search(SearchRequest(text: $0, k: 10)).map(\.id) }
        index.compact()
        #expect(index.segmentCount < 30)
        index.compact(force: true)
        #expect(index.segmentCount == 1)
        #expect(index.documentCount == 1_000)
        // Deleted documents no longer count in statistics, so scores move a little; the live set doesn't.
        let after = queries.map { index.search(SearchRequest(text: $0, k: 10)).map(\.id) }
        for (b, a) in zip(before, after) { #expect(Set(b).intersection(a).count >= 7) }
        #expect(!index.contains(id: "d0") && index.contains(id: "d1"))
    }

    @Test("Readers on other threads see each batch whole, never half of it")
    func concurrentReaders() async {
        let index = SearchIndex()
        await withTaskGroup(of: Int.self) { group in
            group.addTask {
                for i in 0..<200 {
                    index.apply([
                        .upsert(Document(id: "a\(i)", fields: ["body": "pair\(i) alpha"])),
                        .upsert(Document(id: "b\(i)", fields: ["body": "pair\(i) beta"])),
                    ])
                }
                return 0
            }
            for _ in 0..<2 {
                group.addTask {
                    var torn = 0
                    for i in 0..<2_000 {
                        let n = index.search(SearchRequest(text: "pair\(i % 200)")).count
                        if n != 0 && n != 2 { torn += 1 }
                    }
                    return torn
                }
            }
            var torn = 0
            for await t in group { torn += t }
            #expect(torn == 0)
        }
        #expect(index.documentCount == 400)
        for i in stride(from: 0, to: 200, by: 37) { #expect(index.search(SearchRequest(text: "pair\(i)")).count == 2) }
    }
}

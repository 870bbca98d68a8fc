import Testing

@testable import Evaluation

@Suite("SemEval reranking on either index")
struct SemEvalEngineTests {
    /// Two original questions, each with three related ones: the relevant one shares most of its words, the others
    /// share one word or none.
    static func data() -> SemEvalData {
        func original(_ id: String, _ subject: String, _ body: String, _ related: [(String, String, Bool)]) -> SemEvalData.Original {
            SemEvalData.Original(
                id: id, subject: subject, body: body,
                related: related.enumerated().map { i, r in
                    SemEvalData.Related(id: "\(id)_R\(i + 1)", rank: i + 1, relevant: r.2, subject: r.0, body: r.1, comments: "")
                })
        }
        var data = SemEvalData()
        data.questions = [
            original("Q1", "Visa renewal", "How long does a family visa renewal take at immigration?", [
                ("Best beach", "Which beach is good for a family picnic?", false),
                ("Family visa renewal", "My family visa renewal at immigration: how long does it take?", true),
                ("Car rental", "Cheap car rental near the airport", false),
            ]),
            original("Q2", "Driving licence", "Can I convert my driving licence to a local licence?", [
                ("Driving school", "Recommend a driving school", false),
                ("Groceries", "Where to buy fresh groceries?", false),
                ("Convert licence", "How to convert a foreign driving licence to a local one?", true),
            ]),
        ]
        return data
    }

    @Test("--engine impact ranks the BM25 configurations with the impact index, and leaves out TF-IDF and meaning")
    func impactEngineRows() {
        // Given a small data set whose relevant questions share most words with the original
        let data = Self.data()
        // When both engines rerank it
        let float = SemEvalProtocol.run(data, engine: .float)
        let impact = SemEvalProtocol.run(data, engine: .impact)
        // Then the impact rows are the file's order and the BM25 configurations only, named as such
        let bm25 = SemEvalProtocol.configurations.filter { if case .bm25 = $0.scoring { true } else { false } }
        #expect(impact.map(\.name) == [float[0].name] + bm25.map { $0.name + ", 8-bit impacts" })
        // And on rankings this clear, both engines put the relevant question first
        for row in float.dropFirst() + impact.dropFirst() {
            #expect(row.map == 1 && row.p1 == 1, "\(row.name)")
        }
        #expect(float[0].map < 1)
    }
}

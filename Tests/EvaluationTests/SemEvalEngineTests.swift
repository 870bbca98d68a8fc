import Testing

@testable import Evaluation

@Suite("SemEval reranking on either index")
struct SemEvalEngineTests {
    /// Two original questions, each with three related ones: the relevant one shares most of its words, the others
    /// share one word or none.
    static func data() -> SemEvalData {
        func related(_ id: String, _ rank: Int, _ relevant: Bool, _ subject: String, _ body: String) -> SemEvalData.Related {
            SemEvalData.Related(id: id, rank: rank, relevant: relevant, subject: subject, body: body, comments: "")
        }
        var data = SemEvalData()
        data.questions = [
            SemEvalData.Original(
                id: "Q1", subject: "Visa renewal", body: "How long does a family visa renewal take at immigration?",
                related: [
                    related("Q1_R1", 1, false, "Best beach", "Which beach is good for a family picnic?"),
                    related("Q1_R2", 2, true, "Family visa renewal", "My family visa renewal at immigration: how long does it take?"),
                    related("Q1_R3", 3, false, "Car rental", "Cheap car rental near the airport"),
                ]),
            SemEvalData.Original(
                id: "Q2", subject: "Driving licence", body: "Can I convert my driving licence to a local licence?",
                related: [
                    related("Q2_R1", 1, false, "Driving school", "Recommend a driving school"),
                    related("Q2_R2", 2, false, "Groceries", "Where to buy fresh groceries?"),
                    related("Q2_R3", 3, true, "Convert licence", "How to convert a foreign driving licence to a local one?"),
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

import Foundation
import HelpdeskCore
import Testing
@testable import HelpdeskImport

@Suite struct CorpusImportTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus").path

    @Test func theShippedCorpusImportsFileByFileAndAgreesWithTheCorpusLoader() async throws {
        // Given
        let database = try ImportDatabase.inMemory()
        // When: the four files, kinds detected from their fields
        var summary = ImportSummary()
        for file in ["categories.jsonl", "agents.jsonl", "solutions.jsonl", "tickets.jsonl"] {
            summary.add(try JSONLImporter(path: Self.corpus + "/" + file).run(into: database))
        }
        // Then: the counts of Corpus/README.md
        #expect(summary.categories == 18 && summary.agents == 15 && summary.solutions == 260 && summary.tickets == 2_351)
        #expect(summary.customers == 585)
        #expect(try database.count("ticketSolution", where: "verdict = 'solved'") == 1_870)
        // The external ids are the corpus ids, so the corpus loader finds everything already there.
        let loaded = try await CorpusLoader(path: Self.corpus).load(into: database.appDatabase)
        #expect(loaded.tickets == 0 && loaded.solutions == 0 && loaded.agents == 0 && loaded.customers == 0)
    }
}

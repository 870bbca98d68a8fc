import Foundation
import HelpdeskCore
import SearchEngine
import Testing
import TestSupport
@testable import HelpdeskImport

/// The in-memory view of a dump that `care eval stackexchange` replays in time order.
@Suite struct StackExchangeReplayTests {
    @Test func questionsComeOldestFirstWithTheirAcceptedAnswerAndItsAuthor() throws {
        let replay = try StackExchangeReplay(StackExchangeImporter(directory: TestFiles.fixture("se-tiny"), site: "tiny"))
        #expect(replay.threads.map(\.questionId) == [1, 2, 5])
        let first = replay.threads[0]
        #expect(first.askerId == 10)
        #expect(first.answererId == 12, "the accepted answer (3), not the other one (4)")
        #expect(first.solution?.externalId == "se:tiny:3")
        #expect(first.ticket.subject == "Node won't sync: ChainDB \"corrupted\"")
        #expect(replay.threads[1].solution == nil && replay.threads[1].answererId == nil)
        #expect(replay.threads[2].askerId == nil, "a deleted asker")
        #expect(replay.links.isEmpty, "the fixture has no PostLinks.xml")
    }

    @Test func replayingEveryThreadStoresWhatTheImporterStores() throws {
        let folder = TestFiles.fixture("se-tiny")
        let replay = try StackExchangeReplay(StackExchangeImporter(directory: folder, site: "tiny"))
        let index = HelpdeskIndex()
        let replayed = try store(index: index)
        for thread in replay.threads {
            _ = try replayed.write(batch: thread.records, label: "replay")
        }
        let imported = try store()
        try StackExchangeImporter(directory: folder, site: "tiny").run(into: imported)
        for table in ["ticket", "solution", "ticketSolution"] {
            #expect(try replayed.count(table) == imported.count(table), "\(table)")
        }
        // The accepted answer is findable as soon as it is written.
        let hits = index.solutions.search(SearchRequest(text: "rewards missing after the epoch", k: 3))
        let solution = try #require(try replayed.solution(externalId: "se:tiny:6"))
        #expect(hits.first?.id == String(solution.requiredID))
    }

    static let cardano = TestFiles.sharedData("stackexchange-cardano")

    @Test(.enabled(if: cardano != nil, "../shared/data/stackexchange-cardano is absent"))
    func cardanoLinksAreSymmetricAndBetweenQuestions() throws {
        let replay = try StackExchangeReplay(StackExchangeImporter(directory: Self.cardano!))
        #expect(replay.threads.count == 1_042)
        #expect(replay.threads.filter { $0.solution != nil }.count == 459)
        #expect(zip(replay.threads, replay.threads.dropFirst()).allSatisfy { $0.createdAt <= $1.createdAt })
        #expect(!replay.links.isEmpty)
        let questions = Set(replay.threads.map(\.questionId))
        for (a, linked) in replay.links {
            #expect(questions.contains(a))
            for b in linked { #expect(replay.links[b]?.contains(a) == true) }
        }
    }
}

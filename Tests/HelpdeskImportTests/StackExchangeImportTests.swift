import Foundation
import HelpdeskCore
import SearchEngine
import Testing
import TestSupport
@testable import HelpdeskImport

@Suite struct StackExchangeImportTests {
    @Test func importsQuestionsAcceptedAnswersUsersAndTags() throws {
        // Given
        let database = try store()
        // When
        let summary = try StackExchangeImporter(directory: TestFiles.fixture("se-tiny"), site: "tiny", options: smallBatches())
            .run(into: database)
        // Then: 3 questions, 2 accepted answers (the non-accepted answer 4 is ignored)
        #expect(summary.tickets == 3)
        #expect(summary.solutions == 2)
        #expect(summary.links == 2)
        #expect(try database.count("ticket", where: "status = 'resolved'") == 3)
        #expect(try database.count("category") == 3)  // cardano-node, wallet, staking

        let first = try #require(try database.ticket(externalId: "se:tiny:1"))
        #expect(first.subject == "Node won't sync: ChainDB \"corrupted\"")
        #expect(first.categoryId == "cardano-node")
        #expect(
            first.description == """
                My stake pool node won't sync & the log says ChainDB is corrupted.

                I ran:

                    cardano-node run --config mainnet.json
                      --port 3001

                See the docs page \u{2014} nothing helped.
                """)
        #expect(first.resolvedAt == ISODate.parse("2021-04-27T18:30:00"))
        let solution = try #require(try database.solution(externalId: "se:tiny:3"))
        #expect(solution.title == first.subject)
        #expect(solution.categoryId == "cardano-node")
        #expect(solution.steps == ["Delete the immutable folder and restart:", "    rm -rf db/immutable\n    systemctl restart cardano-node", "It resyncs from peers in a few hours."])
        #expect(solution.reuseCount == 1 && solution.solvedCount == 1)
        let agent = try #require(try database.user(externalId: "se:tiny:agent:12"))
        #expect(agent.role == .agent && agent.name == "Ana Answerer")
        #expect(solution.authorId == agent.id && first.assigneeId == agent.id)
        let asker = try #require(try database.user(externalId: "se:tiny:customer:10"))
        #expect(asker.role == .customer && asker.name == "Zoë Poolop" && first.customerId == asker.id)
        #expect(try database.user(externalId: "se:tiny:agent:13") == nil)
        let thread = try database.messages(ticketId: first.requiredID)
        #expect(thread.map(\.kind) == [.agentReply] && thread.first?.authorId == agent.id)

        let unanswered = try #require(try database.ticket(externalId: "se:tiny:2"))
        #expect(unanswered.description == "How do I choose a wallet for ADA?\n\n- Daedalus\n- Yoroi")
        #expect(unanswered.assigneeId == nil)
        #expect(try database.user(externalId: "se:tiny:customer:11")?.name == "wallet&newbie")
        // A question whose asker was deleted goes to the anonymous customer.
        let orphan = try #require(try database.ticket(externalId: "se:tiny:5"))
        #expect(orphan.customerId == (try database.user(externalId: "se:tiny:customer:anonymous"))?.id)
    }

    @Test func reimportAddsNothing() throws {
        // Given
        let database = try store()
        let importer = StackExchangeImporter(directory: TestFiles.fixture("se-tiny"), site: "tiny", options: smallBatches())
        try importer.run(into: database)
        let before = try database.fingerprint()
        // When
        let again = try importer.run(into: database)
        // Then
        #expect(again.tickets == 0 && again.solutions == 0 && again.agents == 0 && again.customers == 0)
        #expect(try database.fingerprint() == before)
    }

    @Test func limitTakesTheFirstQuestionsAndTheirAnswers() throws {
        let database = try store()
        let summary = try StackExchangeImporter(directory: TestFiles.fixture("se-tiny"), site: "tiny", limit: 1).run(into: database)
        #expect(summary.tickets == 1 && summary.solutions == 1)
        // Only the users of that question and answer are created.
        #expect(try database.count("user") == 2)
    }

    @Test func importedQuestionsAreFoundThroughTheIndex() throws {
        // Given
        let index = HelpdeskIndex()
        let database = try store(index: index)
        // When
        try StackExchangeImporter(directory: TestFiles.fixture("se-tiny"), site: "tiny", options: smallBatches()).run(into: database)
        // Then: the index caught up batch by batch
        let ticket = try #require(try database.ticket(externalId: "se:tiny:5"))
        let hits = index.tickets.search(SearchRequest(text: "delegation rewards epoch", k: 3))
        #expect(hits.first?.id == "\(ticket.requiredID)")
        let solution = try #require(try database.solution(externalId: "se:tiny:3"))
        #expect(index.solutions.search(SearchRequest(text: "immutable folder resync", k: 3)).first?.id == "\(solution.requiredID)")
        #expect(index.checkpoint == Int64(try database.count("changeLog")))
    }

    @Test(arguments: [
        ("se-truncated", 5, nil as String?, "expected"),
        ("se-bad-utf8", 4, nil, "UTF-8"),
        ("se-duplicate", 6, "Id", "duplicate post id 3"),
        ("se-bad-id", 4, "Id", "expected an integer, found \"two\""),
    ])
    func malformedDumpsAreRefusedBeforeAnyWrite(folder: String, line: Int, field: String?, message: String) throws {
        // Given
        let database = try store()
        let before = try database.fingerprint()
        // When
        let error = expectImportError {
            try StackExchangeImporter(directory: TestFiles.fixture(folder), site: "bad", options: smallBatches()).run(into: database)
        }
        // Then
        let refused = try #require(error)
        #expect(refused.file == "Posts.xml")
        #expect(refused.line == line, "\(refused)")
        // libxml2's own errors carry a column; attribute errors name the attribute instead.
        #expect((refused.column != nil) == (field == nil))
        #expect(refused.field == field)
        #expect(refused.message.contains(message), "\(refused)")
        #expect(try database.fingerprint() == before)
    }

    @Test func aBadFieldInTheImportPassRollsBackItsBatchAndStops() throws {
        // Given: question 5 (the 5th imported row, batch 3 of size 2) has a CreationDate that is no timestamp
        let database = try store()
        // When
        let error = expectImportError {
            try StackExchangeImporter(directory: TestFiles.fixture("se-bad-type"), site: "bad", options: smallBatches()).run(into: database)
        }
        // Then
        let refused = try #require(error)
        #expect(refused.file == "Posts.xml" && refused.line == 7 && refused.field == "CreationDate", "\(refused)")
        // Batch 1 (questions 1 and 2) is stored; batch 2 (answer 3 and question 5) is not.
        #expect(try database.count("ticket") == 2)
        #expect(try database.count("solution") == 0)
        #expect(try database.ticket(externalId: "se:bad:5") == nil)
    }

    static let cardano = TestFiles.sharedData("stackexchange-cardano")
    static let coffee = TestFiles.sharedData("stackexchange-coffee")

    @Test(.enabled(if: cardano != nil, "../shared/data/stackexchange-cardano is absent"))
    func cardanoDumpCounts() throws {
        let database = try store()
        let summary = try StackExchangeImporter(directory: Self.cardano!).run(into: database)
        #expect(summary.tickets == 1_042)
        #expect(summary.solutions == 459)
        #expect(try database.count("ticketSolution") == 459)
        #expect(try database.count("user", where: "role = 'agent'") == summary.agents)
        #expect(try database.count("ticket", where: "externalId LIKE 'se:cardano:%'") == 1_042)
        let again = try StackExchangeImporter(directory: Self.cardano!).run(into: database)
        #expect(again.tickets == 0 && again.solutions == 0)
    }

    @Test(.enabled(if: coffee != nil, "../shared/data/stackexchange-coffee is absent"))
    func coffeeDumpWithoutUsersXML() throws {
        let index = HelpdeskIndex()
        let database = try store(index: index)
        let summary = try StackExchangeImporter(directory: Self.coffee!).run(into: database)
        #expect(summary.tickets > 0)
        #expect(summary.tickets == (try database.count("ticket")))
        #expect(summary.solutions == (try database.count("solution")))
                #expect(try database.count("user", where: "role = 'agent'") == summary.agents)
        #expect(index.tickets.documentCount == summary.tickets)
    }
}

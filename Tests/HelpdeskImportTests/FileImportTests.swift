import Foundation
import HelpdeskCore
import SearchEngine
import Testing
import TestSupport
@testable import HelpdeskImport

@Suite struct JSONLImportTests {
    func seeded() throws -> AppDatabase {
        let database = try store()
        try JSONLImporter(path: TestFiles.fixture("agents.jsonl")).run(into: database)
        try JSONLImporter(path: TestFiles.fixture("solutions.jsonl")).run(into: database)
        return database
    }

    @Test func importsAgentsSolutionsAndTicketsInTheCorpusFormat() throws {
        // Given
        let database = try seeded()
        // When
        let summary = try JSONLImporter(path: TestFiles.fixture("tickets.jsonl"), options: smallBatches()).run(into: database)
        // Then
        #expect(summary.tickets == 4 && summary.rowsRead == 4)
        #expect(summary.customers == 3)  // Devon, Mia and the anonymous customer of TCK-3
        #expect(try database.count("user", where: "role = 'agent'") == 2)
        let first = try #require(try database.ticket(externalId: "TCK-1"))
        #expect(first.status == .closed && first.priority == .high)
        #expect(try database.messages(ticketId: first.requiredID).map(\.kind) == [.agentReply, .customerReply])
        let solution = try #require(try database.solution(externalId: "SOL-1"))
        #expect(solution.reuseCount == 1 && solution.solvedCount == 1)
        #expect(try database.solution(externalId: "SOL-2")?.steps == ["Open Billing.", "Pick the charge and tap Refund."])
        #expect(try database.ticket(externalId: "TCK-2")?.status == .resolved)
        #expect(try database.ticket(externalId: "TCK-3")?.status == .new)
        #expect(try database.ticket(externalId: "TCK-4")?.subject == "Another question")
        #expect(try database.ticket(externalId: "TCK-4")?.customerId == first.customerId)
    }

    @Test func detectsTheKindFromTheFields() throws {
        let database = try store()
        let agents = try JSONLImporter(path: TestFiles.fixture("agents.jsonl")).run(into: database)
        #expect(agents.agents == 2)
        #expect(try database.user(externalId: "agent-bo")?.capacity == 10)
    }

    @Test func reimportAddsNothing() throws {
        let database = try seeded()
        try JSONLImporter(path: TestFiles.fixture("tickets.jsonl")).run(into: database)
        let before = try database.fingerprint()
        let again = try JSONLImporter(path: TestFiles.fixture("tickets.jsonl")).run(into: database)
        #expect(again.tickets == 0 && again.skipped == 4)
        #expect(try database.fingerprint() == before)
    }

    @Test(arguments: [
        ("tickets-bad-type.jsonl", 4, "created_at", "expected a string"),
        ("tickets-duplicate.jsonl", 4, "id", "duplicate id \"T-1\" (first on line 1)"),
        ("tickets-bad-utf8.jsonl", 3, nil as String?, "not valid UTF-8"),
        ("tickets-unknown-agent.jsonl", 4, "agent", "unknown agent \"agent-nobody\""),
    ])
    func badLinesAreRefusedAndTheirBatchRolledBack(file: String, line: Int, field: String?, message: String) throws {
        // Given: batches of 2, the bad line is the 4th, so batch 1 (lines 1-2) is stored and batch 2 is not
        let database = try seeded()
        // When
        let error = expectImportError {
            try JSONLImporter(path: TestFiles.fixture(file), kind: .tickets, options: smallBatches()).run(into: database)
        }
        // Then
        let refused = try #require(error)
        #expect(refused.file == file && refused.line == line && refused.field == field, "\(refused)")
        #expect(refused.message.contains(message), "\(refused)")
        #expect(try database.count("ticket") == 2)
        #expect(try database.ticket(externalId: "T-3") == nil)
        // The customer of line 3, inserted in the rolled-back transaction, is gone too.
        #expect(try database.count("user", where: "email = 'new.person@inbox.example'") == 0)
    }

    @Test func importedTicketsAreFoundThroughTheIndex() throws {
        let index = HelpdeskIndex()
        let database = try store(index: index)
        try JSONLImporter(path: TestFiles.fixture("agents.jsonl")).run(into: database)
        try JSONLImporter(path: TestFiles.fixture("solutions.jsonl")).run(into: database)
        try JSONLImporter(path: TestFiles.fixture("tickets.jsonl"), options: smallBatches()).run(into: database)
        let ticket = try #require(try database.ticket(externalId: "TCK-3"))
        #expect(index.tickets.search(SearchRequest(text: "printer smoke", k: 1)).first?.id == "\(ticket.requiredID)")
    }
}

@Suite struct CSVImportTests {
    let mapping = [
        "Ticket #": "id", "Subject": "subject", "Description": "description", "Requester": "customer_name",
        "Requester email": "customer_email", "Priority": "priority", "Created": "created_at",
    ]

    @Test func importsAMappedExportWithQuotedFields() throws {
        // Given
        let database = try store()
        // When
        let summary = try CSVImporter(path: TestFiles.fixture("tickets.csv"), kind: .tickets, mapping: mapping).run(into: database)
        // Then
        #expect(summary.tickets == 3 && summary.customers == 2)
        #expect(try database.ticket(externalId: "Z-1")?.description == "Password not accepted, \"invalid\" it says")
        #expect(try database.ticket(externalId: "Z-2")?.description == "Two charges:\r\none on Monday\r\none on Tuesday")
        #expect(try database.ticket(externalId: "Z-2")?.createdAt == ISODate.parse("2025-11-04T09:00:00Z"))
        #expect(try database.ticket(externalId: "Z-3")?.priority == .normal)
        // Idempotent.
        let again = try CSVImporter(path: TestFiles.fixture("tickets.csv"), kind: .tickets, mapping: mapping).run(into: database)
        #expect(again.tickets == 0)
    }

    @Test func importsAgentsWithSkills() throws {
        let database = try store()
        let summary = try CSVImporter(path: TestFiles.fixture("agents.csv")).run(into: database)
        #expect(summary.agents == 1 && summary.categories == 2)
        let agent = try #require(try database.user(externalId: "agent-cy"))
        #expect(agent.skills == ["billing", "shipping"] && agent.capacity == 8)
    }

    @Test func aMissingColumnIsNamed() throws {
        let error = expectImportError {
            try CSVImporter(path: TestFiles.fixture("tickets-missing-column.csv"), kind: .tickets).run(into: try store())
        }
        let refused = try #require(error)
        #expect(refused.file == "tickets-missing-column.csv" && refused.line == 1 && refused.field == "subject", "\(refused)")
        #expect(refused.message.contains("missing column"))
    }

    @Test(arguments: [
        ("tickets-bad-type.csv", 4, "priority", "unknown value \"superurgent\""),
        ("tickets-duplicate.csv", 4, "id", "duplicate id \"C-1\" (first on line 2)"),
        ("tickets-unclosed-quote.csv", 3, "field 2", "not closed"),
    ])
    func badRecordsAreRefusedAndTheirBatchRolledBack(file: String, line: Int, field: String, message: String) throws {
        // Given: batches of 1; the bad record is the 3rd (or 2nd), so the records before it are stored
        let database = try store()
        // When
        let error = expectImportError {
            try CSVImporter(path: TestFiles.fixture(file), kind: .tickets, options: smallBatches(1)).run(into: database)
        }
        // Then
        let refused = try #require(error)
        #expect(refused.file == file && refused.line == line && refused.field == field, "\(refused)")
        #expect(refused.message.contains(message), "\(refused)")
        #expect(try database.count("ticket") == line - 2)
    }
}


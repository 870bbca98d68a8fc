import Foundation
import HelpdeskCore
import SearchEngine
import Testing
import TestSupport

@testable import HelpdeskImport

@Suite("The knowledge base a fresh install starts with")
struct CorpusImportTests {
    @Test("the shipped corpus loads through the importer, once, and is searchable")
    func shippedCorpus() async throws {
        // Given an empty store
        let f = try Fixture()
        // When the corpus is loaded as a first start does
        let summary = try #require(try await CorpusImporter(folder: Repository.corpusFolder.path).loadIfNeeded(into: f.db))
        // Then every file is in (the counts of Corpus/README.md), with counters following the links
        #expect(summary.categories == 18 && summary.agents == 15 && summary.solutions == 260 && summary.tickets == 2_351)
        #expect(summary.customers == 585 && summary.links == 2_351)
        #expect(try f.db.count("ticketSolution", where: "verdict = 'solved'") == 1_870)
        #expect(try f.db.count("ticketSolution", where: "verdict IS NOT NULL") == 1_870 + 179)
        let admin = try await f.admin()
        #expect(try await f.db.tickets(for: admin).total == 2_351)
        let solutions = try await f.db.currentSolutions(limit: 1000)
        #expect(solutions.count == 260)
        #expect(solutions.map(\.reuseCount).reduce(0, +) == 2_351)
        #expect(solutions.map(\.solvedCount).reduce(0, +) == 1_870)
        // And the timestamps are kept (TCK-00001 was filed 2025-11-01T10:09:34Z and closed with a "solved" verdict)
        let oldest = try #require(try f.db.ticket(externalId: "TCK-00001"))
        #expect(oldest.createdAt == ISO8601DateFormatter().date(from: "2025-11-01T10:09:34Z"))
        #expect(oldest.status == .closed && oldest.assigneeId != nil && oldest.closedAt != nil)
        // When the server starts again, Then nothing is loaded twice
        #expect(try await CorpusImporter(folder: Repository.corpusFolder.path).loadIfNeeded(into: f.db) == nil)
        let again = try CorpusImporter(folder: Repository.corpusFolder.path).run(into: f.db)
        #expect(again.tickets == 0 && again.solutions == 0 && again.agents == 0 && again.customers == 0)
        #expect(again.skipped == 15 + 260 + 2_351)  // agents, solutions, tickets (categories are kept silently)
        // And a rebuilt index finds the password-reset solution for a forgotten password
        let index = HelpdeskIndex()
        try index.rebuild(from: f.db)
        #expect(index.solutions.documentCount == 260 && index.tickets.documentCount == 2_351)
        let hits = index.suggestSolutions(for: "I forgot my password and cannot sign in", k: 3, viewer: nil)
        #expect(hits.contains { $0.solution.externalId == "SOL-0001" })
        // And corpus agents cannot sign in until they reset their password
        await expectError(.invalidCredentials) {
            try await f.db.login(email: "ana.ruiz@harbourfield.example", password: "anything-Goes-1")
        }
    }

    @Test("a load that stopped half-way is finished on the next start")
    func interruptedLoadResumes() async throws {
        // Given a first start that stopped after the solutions (tickets.jsonl could not be read)
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in CorpusImporter.files where file.name != "tickets.jsonl" {
            try FileManager.default.copyItem(
                at: Repository.corpusFolder.appendingPathComponent(file.name), to: folder.appendingPathComponent(file.name))
        }
        let f = try Fixture()
        await #expect(throws: ImportError.self) { try await CorpusImporter(folder: folder.path).loadIfNeeded(into: f.db) }
        #expect(try f.db.count("solution") == 260 && f.db.count("ticket") == 0)
        // When the next start finds the whole folder
        try FileManager.default.copyItem(
            at: Repository.corpusFolder.appendingPathComponent("tickets.jsonl"), to: folder.appendingPathComponent("tickets.jsonl"))
        let resumed = try #require(try await CorpusImporter(folder: folder.path).loadIfNeeded(into: f.db))
        // Then the tickets are added and nothing twice
        #expect(resumed.tickets == 2_351 && resumed.solutions == 0)
        #expect(try f.db.count("solution") == 260 && f.db.count("ticket") == 2_351)
        #expect(try await CorpusImporter(folder: folder.path).loadIfNeeded(into: f.db) == nil)
    }

    @Test(
        "a bad line is reported with file, line and field",
        arguments: [
            (#"{"id": "a", "name": "A", "email": "not-an-email", "skills": [], "capacity": 3}"#, "email"),
            (#"{"id": "a", "name": "A", "email": "a@x.example", "skills": [], "capacity": "three"}"#, "capacity"),
            (#"{"id": "a", "name": "A", "email": "a@x.example", "skills": [], "capacity": 5000}"#, "capacity"),
            (#"{"id": "a", "name": "A", "skills": [], "capacity": 3}"#, "email"),
            (#"not json"#, nil),
        ] as [(String, String?)]
    )
    func badLines(agentLine: String, field: String?) async throws {
        // Given a knowledge base whose second agent line is broken
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("categories.jsonl", #"{"id": "billing", "name": "Billing", "description": "Money"}"# + "\n")
        try write(
            "agents.jsonl",
            #"{"id": "agent-b", "name": "B", "email": "b@x.example", "skills": ["billing"], "capacity": 3}"# + "\n" + agentLine + "\n")
        try write("solutions.jsonl", "")
        try write("tickets.jsonl", "")
        // When it is loaded, Then the error names the file, line and field
        let error = expectImportError { try CorpusImporter(folder: folder.path).run(into: try store()) }
        #expect(error?.file == "agents.jsonl" && error?.line == 2 && error?.field == field, "\(String(describing: error))")
    }

    @Test("a ticket referring to an unknown solution is refused with its line")
    func unknownReference() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = try String(contentsOf: Repository.corpusFolder.appendingPathComponent("tickets.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(3).map(String.init)
        for file in CorpusImporter.files where file.name != "tickets.jsonl" {
            try FileManager.default.copyItem(
                at: Repository.corpusFolder.appendingPathComponent(file.name), to: folder.appendingPathComponent(file.name))
        }
        let broken = lines[2].replacingOccurrences(of: #""solution": "SOL-"#, with: #""solution": "XXX-"#)
        try ([lines[0], lines[1], broken].joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("tickets.jsonl"), atomically: true, encoding: .utf8)
        let database = try store()
        let error = expectImportError { try CorpusImporter(folder: folder.path).run(into: database) }
        #expect(error?.file == "tickets.jsonl" && error?.line == 3 && error?.field == "solution", "\(String(describing: error))")
        // The batch holding the bad line is rolled back: none of its tickets is stored
        #expect(try database.count("ticket") == 0)
    }
}

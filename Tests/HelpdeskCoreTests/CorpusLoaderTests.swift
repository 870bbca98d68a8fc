import Foundation
import SearchEngine
import Testing

@testable import HelpdeskCore

@Suite("Corpus loading")
struct CorpusLoaderTests {
    static let corpusFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus")

    @Test("the shipped corpus loads once, idempotently, and is searchable")
    func loadShippedCorpus() async throws {
        // Given an empty store
        let f = try Fixture()
        let loader = CorpusLoader(folder: Self.corpusFolder)
        // When the corpus is loaded
        let summary = try await loader.load(into: f.db)
        // Then every file is in, with counters following the links
        #expect(summary.categories == 18 && summary.agents == 15 && summary.solutions == 260 && summary.tickets == 2351)
        #expect(summary.customers == 585 && summary.verdicts == 1870 + 179)
        let admin = try await f.admin()
        #expect(try await f.db.tickets(for: admin).total == 2351)
        let solutions = try await f.db.currentSolutions(limit: 1000)
        #expect(solutions.count == 260)
        #expect(solutions.map(\.reuseCount).reduce(0, +) == 2351)
        #expect(solutions.map(\.solvedCount).reduce(0, +) == 1870)
        // And the timestamps are kept (TCK-00001, imported first, was filed 2025-11-01T10:09:34Z)
        let oldest = try await f.db.ticket(id: 1, for: admin)
        #expect(oldest.externalId == "TCK-00001")
        #expect(oldest.createdAt == ISO8601DateFormatter().date(from: "2025-11-01T10:09:34Z"))
        #expect(oldest.status == .closed && oldest.assigneeId != nil)
        let externalIds = try await f.db.solutionExternalIds()
        #expect(externalIds.count == 260 && Set(externalIds.values).contains("SOL-0001"))
        // When it is loaded again, Then nothing is added
        let again = try await loader.load(into: f.db)
        #expect(again.tickets == 0 && again.solutions == 0 && again.agents == 0 && again.customers == 0)
        // And a rebuilt index finds a password-reset solution for a forgotten password
        let index = HelpdeskIndex()
        try index.rebuild(from: f.db)
        #expect(index.solutions.documentCount == 260 && index.tickets.documentCount == 2351)
        let hits = index.suggestSolutions(for: "I forgot my password and cannot sign in", k: 3, viewer: nil)
        #expect(hits.contains { $0.solution.externalId == "SOL-0001" })
        // And corpus agents cannot log in until they reset their password
        await expectError(.invalidCredentials) {
            try await f.db.login(email: "ana.ruiz@harbourfield.example", password: "anything-Goes-1")
        }
    }

    @Test(
        "a bad line is reported with file, line and field",
        arguments: [
            (#"{"id": "a", "name": "A", "email": "not-an-email", "skills": [], "capacity": 3}"#, "agents.jsonl", 2, "email"),
            (#"{"id": "a", "name": "A", "email": "a@x.example", "skills": ["nope"], "capacity": 3}"#, "agents.jsonl", 2, "skills[0]"),
            (#"{"id": "a", "name": "A", "email": "a@x.example", "skills": [], "capacity": "three"}"#, "agents.jsonl", 2, "capacity"),
            (#"{"id": "a", "name": "A", "skills": [], "capacity": 3}"#, "agents.jsonl", 2, "email"),
            (#"not json"#, "agents.jsonl", 2, nil),
        ]
    )
    func badLines(agentLine: String, file: String, line: Int, field: String?) async throws {
        // Given a corpus whose second agent line is broken
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("categories.jsonl", #"{"id": "billing", "name": "Billing", "description": "Money"}"# + "\n")
        try write(
            "agents.jsonl",
            #"{"id": "agent-b", "name": "B", "email": "b@x.example", "skills": ["billing"], "capacity": 3}"# + "\n"
                + agentLine + "\n"
        )
        try write("solutions.jsonl", "")
        try write("tickets.jsonl", "")
        // When it is parsed, Then the error names the file, line and field
        #expect {
            try CorpusLoader(folder: folder).parse()
        } throws: { error in
            guard let error = error as? CorpusError else { return false }
            return error.file == file && error.line == line && error.field == field
        }
    }

    @Test("a ticket referring to an unknown solution is refused")
    func unknownReference() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = try String(contentsOf: Self.corpusFolder.appendingPathComponent("tickets.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(3).map(String.init)
        for name in ["categories.jsonl", "agents.jsonl", "solutions.jsonl"] {
            try FileManager.default.copyItem(
                at: Self.corpusFolder.appendingPathComponent(name),
                to: folder.appendingPathComponent(name)
            )
        }
        let broken = lines[2].replacingOccurrences(of: #""solution": "SOL-"#, with: #""solution": "XXX-"#)
        try ([lines[0], lines[1], broken].joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("tickets.jsonl"), atomically: true, encoding: .utf8)
        #expect {
            try CorpusLoader(folder: folder).parse()
        } throws: { error in
            (error as? CorpusError).map { $0.file == "tickets.jsonl" && $0.line == 3 && $0.field == "solution" } ?? false
        }
    }
}

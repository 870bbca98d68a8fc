import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// The bulk write path writes a batch's rows table by table with multi-row inserts; what a reader of the store sees
/// is the same as if each record were written in turn, on both stores.
@Suite("Bulk writes on both stores")
struct BulkWriteTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00 UTC
    /// More tickets than one multi-row insert carries.
    static let ticketCount = 1_300

    /// Three solutions, then the tickets (two messages each, every third linked with a verdict, self-service events
    /// around them), then two answers resolving tickets of the same batch.
    static func records() -> [ImportRecord] {
        var line = 0
        func record(_ value: ImportRecord.Value) -> ImportRecord {
            line += 1
            return ImportRecord(value, source: InputLocation(file: "bulk.jsonl", line: line))
        }
        let agent = AgentRecord(externalId: "grace", name: "Grace", email: "grace@bulk.test", skills: ["printers"])
        var records = [record(.agent(agent))]
        for n in 1...3 {
            records.append(
                record(.solution(SolutionRecord(
                    externalId: "s\(n)", title: "Answer \(n)", steps: ["Step \(n)."], categoryId: "printers",
                    author: .existing("grace"), createdAt: start))))
        }
        for n in 1...ticketCount {
            let createdAt = start.addingTimeInterval(Double(n) * 600)
            let resolved = n % 3 == 0
            var ticket = TicketRecord(
                externalId: "t\(n)", customer: CustomerRecord(externalId: "c\(n % 40)", name: "Customer \(n % 40)", email: "c\(n % 40)@bulk.test"),
                subject: "Printer \(n)", description: "It jams.", categoryId: n % 2 == 0 ? "printers" : nil,
                status: resolved ? .resolved : .inProgress, createdAt: createdAt,
                firstResponseAt: createdAt.addingTimeInterval(300), resolvedAt: resolved ? createdAt.addingTimeInterval(3_600) : nil,
                agent: .existing("grace"), solution: resolved ? "s\(n / 3 % 3 + 1)" : nil,
                verdict: resolved ? (n % 2 == 0 ? .solved : .notSolved) : nil,
                messages: [
                    MessageRecord(author: .customer, body: "Please help \(n).", at: createdAt),
                    MessageRecord(author: .agent, body: "On it \(n).", at: createdAt.addingTimeInterval(300)),
                ])
            ticket.selfService = [SelfServiceRecord(.shown(count: 3), at: createdAt.addingTimeInterval(-30))]
            if n % 5 == 0 {
                ticket.selfService.append(SelfServiceRecord(.opened(solution: "s1"), at: createdAt.addingTimeInterval(-20)))
            }
            records.append(record(.ticket(ticket)))
        }
        for n in [1, 2] {
            records.append(
                record(.solution(SolutionRecord(
                    externalId: "answer\(n)", title: "", steps: ["Replace the drum."], author: .existing("grace"),
                    createdAt: start.addingTimeInterval(Double(n) * 600 + 120),
                    resolves: .init(ticketExternalId: "t\(n)", verdict: .solved, reply: "Replace the drum.", titleFromTicket: true)))))
        }
        return records
    }

    /// What a reader of the store sees of the batch.
    static func view(_ db: AppDatabase) async throws -> [String] {
        try await db.sqlRead { sql in
            func strings(_ query: String) throws -> [String] {
                try sql.rows(query).map { row in
                    try row.columnNames.sorted().map { "\($0)=\(try row.value($0))" }.joined(separator: " ")
                }
            }
            let ticketOrder = try sql.rows("SELECT externalId FROM ticket ORDER BY id").map { try $0.string("externalId") }
            let changes = try sql.rows(
                "SELECT changeLog.entity AS entity, coalesce(ticket.externalId, solution.externalId) AS key FROM changeLog "
                    + "LEFT JOIN ticket ON changeLog.entity = 'ticket' AND ticket.id = changeLog.entityId "
                    + "LEFT JOIN solution ON changeLog.entity = 'solution' AND solution.id = changeLog.entityId ORDER BY seq"
            ).map { "\(try $0.string("entity")):\(try $0.string("key"))" }
            return [ticketOrder.joined(separator: ","), changes.joined(separator: ",")]
                + (try strings(
                    "SELECT externalId, title, reuseCount, solvedCount, notSolvedCount FROM solution ORDER BY id"))
                + (try strings(
                    "SELECT count(*) AS n, sum(CASE WHEN entityId = CAST(ticketId AS TEXT) THEN 1 ELSE 0 END) AS matching "
                        + "FROM auditEntry WHERE entity = 'ticket' AND action = 'imported'"))
                + (try strings("SELECT sum(filed) AS filed, sum(answered) AS answered, sum(finished) AS finished FROM ticketDayRollup"))
                + (try strings(
                    "SELECT ticket.externalId AS ticket, count(ticketMessage.id) AS messages, min(ticketMessage.body) AS first, "
                        + "ticket.resolvedAt IS NOT NULL AS resolved FROM ticket JOIN ticketMessage ON ticketMessage.ticketId = ticket.id "
                        + "WHERE ticket.externalId IN ('t1', 't2', 't3', 't1300') GROUP BY ticket.externalId, ticket.resolvedAt ORDER BY ticket.externalId"))
                + (try strings("SELECT count(*) AS n FROM suggestionEvent"))
                + (try strings("SELECT email, role FROM \"user\" ORDER BY id LIMIT 3"))
        }
    }

    @Test("a batch larger than one insert keeps the records' order, triggers, links, counters, audit and change log")
    func largeBatch() async throws {
        let outcomes = try await BothStores.run { db -> [String] in
            let summary = try db.write(batch: Self.records(), label: "bulk")
            let again = try db.write(batch: Self.records(), label: "bulk")
            return ["\(summary)", "\(again)"] + (try await Self.view(db))
        }
        let sqlite = outcomes[0]
        // Then every row is there once, and writing the same records again adds nothing
        #expect(
            sqlite[0]
                == "1300 tickets, 5 solutions, 1 agents, 40 customers, 1 categories, 2602 messages, 435 links, "
                + "1560 self-service events added; 0 already present; 1 batches")
        #expect(sqlite[1].hasPrefix("0 tickets, 0 solutions, 0 agents, 0 customers") && sqlite[1].contains("1306 already present"))
        // And tickets are numbered in the records' order
        #expect(sqlite[2] == (1...Self.ticketCount).map { "t\($0)" }.joined(separator: ","))
        // And the change log lists each ticket after its solution, then the answers' tickets and answers
        let changes = sqlite[3].split(separator: ",")
        #expect(changes.count == 3 + Self.ticketCount + Self.ticketCount / 3 + 4)
        #expect(changes.suffix(4) == ["ticket:t1", "solution:answer1", "ticket:t2", "solution:answer2"])
        #expect(changes[3...7] == ["ticket:t1", "ticket:t2", "solution:s2", "ticket:t3", "ticket:t4"])
        // And each solution counts its links and verdicts; an answer takes its ticket's subject
        #expect(
            sqlite.contains(
                #"externalid=text("s2") notsolvedcount=integer(73) reusecount=integer(145) solvedcount=integer(72) title=text("Answer 2")"#))
        #expect(
            sqlite.contains(
                #"externalid=text("answer1") notsolvedcount=integer(0) reusecount=integer(1) solvedcount=integer(1) title=text("Printer 1")"#))
        // And every ticket has its audit entry, and the day roll-up counts every ticket (the row triggers fired)
        #expect(sqlite.contains("matching=integer(1300) n=integer(1300)"))
        #expect(sqlite.contains("answered=integer(1300) filed=integer(1300) finished=integer(433)"))
        // And the answer's reply joins the thread of a ticket of the same batch (still in progress, so not resolved)
        #expect(sqlite.contains(#"first=text("On it 1.") messages=integer(3) resolved=integer(0) ticket=text("t1")"#))
        #expect(sqlite.contains(#"first=text("On it 3.") messages=integer(2) resolved=integer(1) ticket=text("t3")"#))
        #expect(outcomes.count == (PostgresTestDatabase.url == nil ? 1 : 2))
        if outcomes.count == 2 {
            // Values are read as each store keeps them (SQLite's booleans are integers); what they say is the same.
            let normalized = outcomes[1].map {
                $0.replacingOccurrences(of: "boolean(true)", with: "integer(1)").replacingOccurrences(of: "boolean(false)", with: "integer(0)")
            }
            #expect(normalized == outcomes[0])
        }
    }

    @Test("a bad record fails with its file, line and field, and the batch leaves the store as it was")
    func badRecord() async throws {
        let outcomes = try await BothStores.run { db -> [String] in
            _ = try db.write(batch: Array(Self.records().prefix(10)), label: "bulk")
            let before = try db.fingerprint()
            var records = Array(Self.records().dropFirst(10).prefix(8))
            guard case .ticket(var ticket) = records[5].value else { return ["not a ticket"] }
            ticket.agent = .existing("nobody")
            records[5].value = .ticket(ticket)
            var failure = "no error"
            do { _ = try db.write(batch: records, label: "bulk") } catch let error as ImportError {
                failure = "\(error.location.file):\(error.location.line) \(error.field ?? "-") \(error.message)"
            }
            return [failure, "\(try db.fingerprint() == before)"]
        }
        #expect(outcomes[0] == ["bulk.jsonl:16 agent unknown agent \"nobody\"", "true"])
        if outcomes.count == 2 { #expect(outcomes[1] == outcomes[0]) }
    }
}

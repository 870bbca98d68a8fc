import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// The speed report's percentiles are nearest-rank (the ⌈n/2⌉-th and ⌈0.9·n⌉-th smallest) on both stores: SQLite
/// sorts in memory, PostgreSQL asks `percentile_disc`. Groups of 1, 2, 10 (with ties), 11 and 110 tickets, one per
/// agent, written through the bulk path.
@Suite("Speed percentiles on both stores")
struct SpeedPercentileTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00 UTC

    /// First-response minutes per agent; resolution minutes are these plus 30 for every other ticket (the rest stay
    /// open).
    static let groups: [[Int]] = [
        [7],
        [9, 5],
        [3, 1, 2, 8, 3, 2, 3, 1, 2, 3],
        (1...11).map { 12 - $0 },
        (0..<110).map { ($0 * 37) % 23 * 10 },
    ]

    /// The batch: a category, five agents, one customer and the tickets, plus two unassigned tickets never answered.
    static func records() -> [ImportRecord] {
        let origin = InputLocation(file: "speed", line: 1)
        let customer = CustomerRecord(externalId: "c1", name: "Ada", email: "ada@speed.test")
        var records = [ImportRecord(.category(Category(id: "general", name: "General")), source: origin)]
        var n = 0
        for (agent, minutes) in groups.enumerated() {
            records.append(
                ImportRecord(.agent(AgentRecord(externalId: "a\(agent)", name: "Agent \(agent)", email: "a\(agent)@speed.test")), source: origin))
            for (i, first) in minutes.enumerated() {
                n += 1
                let createdAt = start.addingTimeInterval(Double(n) * 60)
                let resolved = i % 2 == 0
                let ticket = TicketRecord(
                    externalId: "t\(n)", customer: customer, subject: "Ticket \(n)", description: "x",
                    categoryId: agent % 2 == 0 ? "general" : nil, status: resolved ? .resolved : .inProgress,
                    createdAt: createdAt, firstResponseAt: createdAt.addingTimeInterval(Double(first) * 60),
                    resolvedAt: resolved ? createdAt.addingTimeInterval(Double(first + 30) * 60) : nil, agent: .existing("a\(agent)"))
                records.append(ImportRecord(.ticket(ticket), source: origin))
            }
        }
        for extra in 1...2 {
            let ticket = TicketRecord(
                externalId: "open\(extra)", customer: customer, subject: "Waiting", description: "x", status: .new,
                createdAt: start.addingTimeInterval(Double(extra) * 30))
            records.append(ImportRecord(.ticket(ticket), source: origin))
        }
        return records
    }

    /// A report row as a reader sees it.
    static func line(_ row: SpeedRow) -> String {
        func stats(_ s: DurationStats) -> String {
            "n=\(s.count) median=\(s.median.map { "\($0)" } ?? "-") p90=\(s.p90.map { "\($0)" } ?? "-")"
        }
        return "\(row.label): first \(stats(row.firstResponse)); resolution \(stats(row.resolution))"
    }

    @Test("median and 90th percentile are the same nearest-rank durations on SQLite and PostgreSQL")
    func sameOnBothStores() async throws {
        let outcomes = try await BothStores.run { db -> [String] in
            _ = try db.write(batch: Self.records(), label: "speed")
            _ = try await db.ensureInitialAdmin(email: "boss@speed.test", password: "correct horse battery")
            let admin = try await db.login(email: "boss@speed.test", password: "correct horse battery")
            let report = try await db.speedReport(
                ReportFilter.lastDays(30, endingAt: Self.start.addingTimeInterval(86_400)), for: admin)
            return [Self.line(report.overall)] + report.byAgent.map(Self.line) + report.byCategory.map(Self.line)
                + [report.firstResponseHistogram.map { "\($0.count)" }.joined(separator: " ")]
                + [report.resolutionHistogram.map { "\($0.count)" }.joined(separator: " ")]
        }
        let sqlite = outcomes[0]
        // One agent answered once; two answers give the smaller as median, the larger as 90th percentile; ties
        // return the tied duration.
        #expect(sqlite.contains("Agent 0: first n=1 median=7.0 p90=7.0; resolution n=1 median=37.0 p90=37.0"))
        #expect(sqlite.contains("Agent 1: first n=2 median=5.0 p90=9.0; resolution n=1 median=39.0 p90=39.0"))
        #expect(sqlite.contains("Agent 2: first n=10 median=2.0 p90=3.0; resolution n=5 median=33.0 p90=33.0"))
        #expect(sqlite.contains("Agent 3: first n=11 median=6.0 p90=10.0; resolution n=6 median=35.0 p90=41.0"))
        let hundredTen = Self.groups[4].sorted()
        #expect(
            sqlite.contains(
                "Agent 4: first n=110 median=\(Double(hundredTen[54])) p90=\(Double(hundredTen[98])); resolution n=55 "
                    + "median=\(Double(Self.nearestRank(Self.resolutions(4), 0.5) + 30)) "
                    + "p90=\(Double(Self.nearestRank(Self.resolutions(4), 0.9) + 30))"))
        #expect(sqlite.first?.hasPrefix("All tickets: first n=134 ") == true)
        #expect(sqlite.contains { $0.hasPrefix("General: first n=121 ") })
        #expect(sqlite.contains { $0.hasPrefix("Uncategorised: first n=13 ") })
        #expect(outcomes.count == (PostgresTestDatabase.url == nil ? 1 : 2))
        if outcomes.count == 2 { #expect(outcomes[1] == outcomes[0]) }
    }

    /// The first-response minutes of agent `agent`'s resolved tickets (every other one).
    static func resolutions(_ agent: Int) -> [Int] {
        groups[agent].enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
    }

    /// The ⌈p·n⌉-th smallest of `values`, by its textbook definition (p = 0.5 or 0.9).
    static func nearestRank(_ values: [Int], _ p: Double) -> Int {
        let sorted = values.sorted()
        let rank = p == 0.5 ? (sorted.count + 1) / 2 : (9 * sorted.count + 9) / 10
        return sorted[rank - 1]
    }
}

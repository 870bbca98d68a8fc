import Foundation
import HelpdeskCore
import Testing
import TestSupport

@testable import HelpdeskImport

@Suite("Synthetic history (care generate) through the bulk write path")
struct SyntheticHistoryTests {
    @Test("tickets, links, verdicts and self-service events are written once per seed, and the reports read them")
    func generatesOncePerSeed() async throws {
        // Given a store with an index attached
        let f = try Fixture()
        let index = HelpdeskIndex()
        f.db.attach(index: index)
        let now = f.clock.now
        let history = SyntheticHistory(tickets: 400, days: 60, agents: 5, customers: 50, categories: 3, solutionsPerCategory: 4, seed: 7, now: now, options: ImportOptions(batchSize: 64))
        // When it is generated
        let summary = try await history.run(into: f.db)
        // Then the cast and every ticket are stored, each ticket with its suggestions shown
        #expect(summary.tickets == 400 && summary.agents == 5 && summary.customers == 50 && summary.solutions == 12)
        #expect(try f.db.count("ticket") == 400 && f.db.count("category") == 3)
        #expect(try f.db.count("suggestionEvent", where: "kind = 'shown'") == 400)
        #expect(try summary.events == f.db.count("suggestionEvent") + f.db.count("deflection"))
        // And a solution's counters are its links, and closed tickets were resolved first
        #expect(try f.db.count("ticketSolution") == summary.links)
        #expect(try f.db.count("solution", where: "reuseCount <> (SELECT COUNT(*) FROM ticketSolution WHERE solutionId = solution.id)") == 0)
        #expect(try f.db.count("ticket", where: "status = 'closed' AND (closedAt IS NULL OR closedAt < resolvedAt)") == 0)
        #expect(try f.db.count("ticket", where: "status IN ('resolved', 'closed')") == summary.links)
        // And the index saw every ticket through the change log
        #expect(index.tickets.documentCount == 400)
        // And the reports count them
        let admin = try await f.admin()
        let volume = try await f.db.volumeReport(ReportFilter.lastDays(90, endingAt: now), granularity: .week, for: admin)
        #expect(volume.map(\.opened).reduce(0, +) == 400)
        #expect(volume.map(\.deflected).reduce(0, +) == (try f.db.count("deflection")))
        // When the same seed runs again, Then nothing is added; another seed adds another history
        let again = try await history.run(into: f.db)
        #expect(again.tickets == 0 && again.events == 0)
        #expect(try f.db.count("suggestionEvent", where: "kind = 'shown'") == 400)
        var other = history
        other.seed = 8
        #expect(try await other.run(into: f.db).tickets == 400)
    }
}

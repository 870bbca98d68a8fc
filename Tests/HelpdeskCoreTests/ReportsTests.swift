import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// The reports on a small hand-built day. The clock starts at 2027-01-15 08:00 UTC.
///
/// - 08:00 T1 filed (normal); 08:30 the agent takes it and replies (first response 30 min).
/// - 10:00 T2 filed (urgent: first response due 11:00, resolution due 18:00).
/// - 12:00 T1 resolved with a new solution (resolution 240 min); the agent takes T2 and replies (120 min, late);
///   T3 filed (normal) and never answered; someone is deflected by T1's solution; 4 suggestions shown, 1 opened.
/// - Next day 10:00 (the reports' "now"): the customer says T1's solution solved it. T3's first response (due
///   20:00 on the 15th) and T2's resolution (due 18:00) are missed.
@Suite("Reports")
struct ReportsTests {
    struct Scene {
        let f: Fixture
        let admin: User
        let agent: User
        let other: User
        let customer: User
        let tickets: [Ticket]
    }

    static let day = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00 UTC

    func scene() async throws -> Scene {
        let f = try await Fixture.make()
        let customer = try await f.customer()
        let admin = try await f.admin()
        let agent = try await f.agent("Grace", by: admin)
        let other = try await f.agent("Alan", by: admin)
        let t1 = try await f.db.createTicket(by: customer, subject: "Printer offline", description: "It shows offline.")
        f.clock.advance(by: 30 * 60)
        try await f.db.take(ticketId: t1.requiredID, by: agent)
        try await f.db.reply(to: t1.requiredID, by: agent, body: "Looking into it.")
        f.clock.advance(by: 90 * 60)
        let t2 = try await f.db.createTicket(by: customer, subject: "Site down", description: "Nothing loads.", priority: .urgent)
        f.clock.advance(by: 120 * 60)
        let (_, solution) = try await f.db.resolve(
            ticketId: t1.requiredID,
            by: agent,
            with: .new(SolutionDraft(title: "Restart the printer", steps: ["Switch it off and on."]))
        )
        try await f.db.take(ticketId: t2.requiredID, by: agent)
        try await f.db.reply(to: t2.requiredID, by: agent, body: "On it.")
        let t3 = try await f.db.createTicket(by: customer, subject: "Invoice copy", description: "Please send it again.")
        try await f.db.recordDeflection(solutionId: solution.requiredID, query: "printer", by: nil)
        try await f.db.recordSuggestionEvent(.shown, count: 4)
        try await f.db.recordSuggestionEvent(.opened, solutionId: solution.requiredID)
        f.clock.advance(by: 22 * 3600)
        try await f.db.recordVerdict(ticketId: t1.requiredID, by: customer, .solved)
        return Scene(f: f, admin: admin, agent: agent, other: other, customer: customer, tickets: [t1, t2, t3])
    }

    func range(_ first: Int, _ last: Int) throws -> ReportFilter {
        try ReportFilter(firstDay: Self.day.addingTimeInterval(Double(first) * 86_400), lastDay: Self.day.addingTimeInterval(Double(last) * 86_400))
    }

    @Test("on PostgreSQL a report's reads plan with the report settings, and only they do")
    func plannerSettingsStayInTheReport() async throws {
        let f = try await Fixture.make()
        func setting(_ name: String) -> @Sendable (any SQLExecutor) throws -> String {
            { db in try db.rows("SELECT current_setting('\(name)') AS value", []).first?.string("value") ?? "" }
        }
        guard TestStore.current == .postgres else {
            // SQLite has no planner settings: the report's transaction reads as any other.
            #expect(try await f.db.reportRead { db in try db.rows("SELECT 1 AS one", []).count } == 1)
            return
        }
        let outside = try await f.db.sqlRead(setting("random_page_cost"))
        #expect(try await f.db.reportRead(setting("random_page_cost")) == "1.1")
        #expect(try await f.db.reportRead(setting("work_mem")) == "64MB")
        // Local to the transaction: the next reads plan as before.
        #expect(try await f.db.sqlRead(setting("random_page_cost")) == outside)
        #expect(outside != "1.1")
    }

    @Test("the newest activity a viewer's reports count: filings, resolutions, closings and deflections, within the filter")
    func newestActivity() async throws {
        let empty = try await Fixture.make()
        let anyRange = try range(0, 0)
        #expect(try await empty.db.newestReportedActivity(anyRange, for: try await empty.admin()) == nil)

        let s = try await scene()
        let db = s.f.db
        // 12:00 on the 15th: T1 resolved, T3 filed and the deflection; 10:00 the next day the customer's "solved"
        // closed T1, the admin's newest activity (the backlog counts closings).
        let noon = Self.day.addingTimeInterval(4 * 3600)
        let verdict = Self.day.addingTimeInterval(26 * 3600)
        #expect(try await db.newestReportedActivity(anyRange, for: s.admin) == verdict)
        // Grace holds T1 (filed 08:00, resolved 12:00) and T2 (filed 10:00): her pages count filings and resolutions,
        // so her newest is T1's resolution.
        #expect(try await db.newestReportedActivity(anyRange, for: s.agent) == noon)
        #expect(try await db.newestReportedActivity(anyRange, for: s.other) == nil)
        // A category nothing is filed in (nor any deflected solution): nothing.
        let devices = try ReportFilter(firstDay: Self.day, lastDay: Self.day, categoryId: "devices")
        #expect(try await db.newestReportedActivity(devices, for: s.admin) == nil)

        // A resolution later than every filing is the newest activity, for the admin and for the agent who holds it.
        s.f.clock.advance(by: 24 * 3600)
        let resolved = s.f.clock.now
        let (_, restart) = try await db.resolve(
            ticketId: s.tickets[1].requiredID, by: s.agent, with: .new(SolutionDraft(title: "Restart the site", steps: ["Restart it."])))
        #expect(try await db.newestReportedActivity(anyRange, for: s.admin) == resolved)
        #expect(try await db.newestReportedActivity(anyRange, for: s.agent) == resolved)
        // A later closing (the backlog) and a later deflection (self-service) count for the admin, not for the agent.
        s.f.clock.advance(by: 3600)
        try await db.changeStatus(ticketId: s.tickets[2].requiredID, to: .closed, by: s.customer)
        #expect(try await db.newestReportedActivity(anyRange, for: s.admin) == s.f.clock.now)
        s.f.clock.advance(by: 3600)
        try await db.recordDeflection(solutionId: restart.requiredID, query: "site down", by: nil)
        #expect(try await db.newestReportedActivity(anyRange, for: s.admin) == s.f.clock.now)
        #expect(try await db.newestReportedActivity(anyRange, for: s.agent) == resolved)
        // Under an agent filter an admin sees that agent's tickets only.
        var grace = anyRange
        grace.agentId = s.agent.requiredID
        // (self-service follows no agent filter, as on the page).
        #expect(try await db.newestReportedActivity(grace, for: s.admin) == s.f.clock.now)
        await #expect(throws: HelpdeskError.self) { try await db.newestReportedActivity(anyRange, for: s.customer) }
    }

    @Test("a single day: volume, backlog, speed percentiles, SLA breaches")
    func singleDay() async throws {
        // Given the scene
        let s = try await scene()
        let filter = try range(0, 0)
        // When the admin runs the reports for 2027-01-15
        let volume = try await s.f.db.volumeReport(filter, for: s.admin)
        let backlog = try await s.f.db.backlogReport(filter, for: s.admin)
        let speed = try await s.f.db.speedReport(filter, for: s.admin)
        let sla = try await s.f.db.slaReport(filter, for: s.admin)
        // Then one point holds 3 opened, 1 resolved, 1 deflected
        #expect(volume == [VolumePoint(start: filter.from, opened: 3, resolved: 1, deflected: 1)])
        // And at the end of the day T3 awaits a first response and T2 is in progress
        #expect(backlog == [BacklogPoint(day: filter.from, awaitingResponse: 1, inProgress: 1)])
        // And first responses 30 and 120 min give median 30 and p90 120 (nearest rank); T1's resolution took 240
        #expect(speed.overall.firstResponse == DurationStats(count: 2, median: 30, p90: 120))
        #expect(speed.overall.resolution == DurationStats(count: 1, median: 240, p90: 240))
        #expect(speed.byAgent.map(\.label) == ["Grace"])
        #expect(speed.byAgent.first?.firstResponse == DurationStats(count: 2, median: 30, p90: 120))
        #expect(speed.byCategory.map(\.label) == ["Uncategorised"])
        #expect(speed.firstResponseHistogram.map(\.count) == [1, 1, 0, 0, 0, 0, 0])
        #expect(speed.resolutionHistogram.map(\.count) == [0, 0, 1, 0, 0, 0, 0])
        // And urgent T2 missed both targets, normal T3 its first response
        let urgent = try #require(sla.rows.first { $0.priority == .urgent })
        let normal = try #require(sla.rows.first { $0.priority == .normal })
        #expect((urgent.tickets, urgent.firstResponseBreached, urgent.resolutionBreached) == (1, 1, 1))
        #expect((normal.tickets, normal.firstResponseBreached, normal.resolutionBreached) == (2, 1, 0))
        #expect((urgent.firstResponseMinutes, urgent.resolutionMinutes) == (60, 480))
        #expect(sla.breachCount == 2)
        #expect(sla.breaches.map(\.ticketId) == [s.tickets[2].requiredID, s.tickets[1].requiredID])
        #expect(sla.breaches.map(\.kind) == [.firstResponse, .both])
    }

    @Test("an empty range gives zero points, no percentiles and no breaches")
    func emptyRange() async throws {
        let s = try await scene()
        let filter = try range(-5, -3)
        let volume = try await s.f.db.volumeReport(filter, for: s.admin)
        #expect(volume.count == 3 && volume.allSatisfy { $0.opened == 0 && $0.resolved == 0 && $0.deflected == 0 })
        let backlog = try await s.f.db.backlogReport(filter, for: s.admin)
        #expect(backlog.count == 3 && backlog.allSatisfy { $0.awaitingResponse == 0 && $0.inProgress == 0 })
        let speed = try await s.f.db.speedReport(filter, for: s.admin)
        #expect(speed.overall.firstResponse == .empty && speed.overall.resolution == .empty && speed.byAgent.isEmpty)
        #expect(speed.firstResponseHistogram.allSatisfy { $0.count == 0 })
        let sla = try await s.f.db.slaReport(filter, for: s.admin)
        #expect(sla.breachCount == 0 && sla.breaches.isEmpty && sla.rows.allSatisfy { $0.tickets == 0 })
        let selfService = try await s.f.db.selfServiceReport(filter, for: s.admin)
        #expect(selfService.deflectionRate == nil && selfService.clickThrough == nil && selfService.mostReused.isEmpty)
    }

    @Test("two days: the backlog carries over, weeks sum the days, agents and self-service")
    func twoDays() async throws {
        let s = try await scene()
        let filter = try range(0, 1)
        let backlog = try await s.f.db.backlogReport(filter, for: s.admin)
        #expect(backlog.map(\.awaitingResponse) == [1, 1] && backlog.map(\.inProgress) == [1, 1])
        // 2027-01-15 is a Friday and the 16th a Saturday: one ISO week
        let weeks = try await s.f.db.volumeReport(filter, granularity: .week, for: s.admin)
        #expect(weeks == [VolumePoint(start: filter.from, opened: 3, resolved: 1, deflected: 1)])
        let agents = try await s.f.db.agentFigures(filter, for: s.admin)
        #expect(agents.map(\.name) == ["Alan", "Grace"])
        let grace = try #require(agents.last)
        #expect(grace.resolved == 1 && grace.reusedSolutions == 0 && grace.solvedVerdicts == 1 && grace.notSolvedVerdicts == 0)
        #expect(grace.openTickets == 1 && grace.capacity == 5)
        let selfService = try await s.f.db.selfServiceReport(filter, for: s.admin)
        #expect(selfService.deflections == 1 && selfService.ticketsOpened == 3 && selfService.deflectionRate == 0.25)
        #expect(selfService.suggestionsShown == 4 && selfService.suggestionsOpened == 1 && selfService.clickThrough == 0.25)
        #expect(selfService.mostReused.map(\.title) == ["Restart the printer"])
        #expect(selfService.mostReused.first.map { [$0.reused, $0.solved, $0.notSolved] } == [1, 1, 0])
        #expect(selfService.notWorking.isEmpty)
    }

    @Test("the agent filter narrows every ticket figure")
    func agentFilter() async throws {
        let s = try await scene()
        var filter = try range(0, 1)
        filter.agentId = s.other.requiredID
        let volume = try await s.f.db.volumeReport(filter, for: s.admin)
        #expect(volume.allSatisfy { $0.opened == 0 && $0.resolved == 0 })
        #expect(try await s.f.db.speedReport(filter, for: s.admin).overall.firstResponse == .empty)
        filter.agentId = s.agent.requiredID
        #expect(try await s.f.db.volumeReport(filter, for: s.admin).map(\.opened) == [2, 0])
    }

    @Test("customers see no reports; agents only their own figures")
    func access() async throws {
        let s = try await scene()
        let filter = try range(0, 1)
        await expectFailure(.forbidden) { try await s.f.db.volumeReport(filter, for: s.customer) }
        await expectFailure(.forbidden) { try await s.f.db.agentFigures(filter, for: s.customer) }
        var others = filter
        others.agentId = s.agent.requiredID
        await expectFailure(.forbidden) { try await s.f.db.speedReport(others, for: s.other) }
        await expectFailure(.forbidden) { try await s.f.db.selfServiceReport(filter, for: s.agent) }
        // An agent without a filter gets their own figures only
        let own = try await s.f.db.agentFigures(filter, for: s.other)
        #expect(own.map(\.name) == ["Alan"] && own.first?.resolved == 0)
        #expect(try await s.f.db.volumeReport(filter, for: s.agent).map(\.opened) == [2, 0])
    }

    @Test("the backlog stays right after reopening, reassigning, recategorising, merging and closing")
    func backlogAfterChanges() async throws {
        // Given two agents, two categories and a customer; the clock starts on day 0 at 08:00
        let f = try await Fixture.make()
        let customer = try await f.customer()
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin)
        let alan = try await f.agent("Alan", by: admin)
        try await f.db.saveCategory(Category(id: "billing", name: "Billing"), by: admin)
        try await f.db.saveCategory(Category(id: "hardware", name: "Hardware"), by: admin)
        func expectExactRollup(_ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) async throws {
            #expect(try await f.db.ticketDayRollupDrift() == 0, comment, sourceLocation: sourceLocation)
        }
        // Day 0: T1 (billing) and T2 (hardware) filed; Grace takes and answers T1, Alan takes T2; T1 resolved at 12:00
        let t1 = try await f.db.createTicket(by: customer, subject: "Double charge", description: "Charged twice.", categoryId: "billing")
        let t2 = try await f.db.createTicket(by: customer, subject: "Broken mouse", description: "It does not click.", categoryId: "hardware")
        try await expectExactRollup("after filing")
        f.clock.advance(by: 30 * 60)
        try await f.db.take(ticketId: t1.requiredID, by: grace)
        try await f.db.reply(to: t1.requiredID, by: grace, body: "Refund on its way.")
        try await f.db.take(ticketId: t2.requiredID, by: alan)
        try await expectExactRollup("after taking and replying")
        f.clock.advance(by: 210 * 60)
        let (_, refund) = try await f.db.resolve(
            ticketId: t1.requiredID,
            by: grace,
            with: .new(SolutionDraft(title: "Refund a double charge", steps: ["Refund the second charge."]))
        )
        try await expectExactRollup("after resolving")
        // Day 1, 09:00: the customer reopens T1, the admin hands it to Alan and moves T2 to billing
        f.clock.advance(by: 21 * 3600)
        try await f.db.reply(to: t1.requiredID, by: customer, body: "Still charged twice.")
        try await f.db.assign(ticketId: t1.requiredID, to: alan.requiredID, by: admin)
        _ = try await f.db.updateTicket(id: t2.requiredID, by: admin, categoryId: "billing")
        try await expectExactRollup("after reopening, reassigning and recategorising")
        // 10:00: T3 is filed and merged into T1 (which closes T3)
        f.clock.advance(by: 3600)
        let t3 = try await f.db.createTicket(by: customer, subject: "Charged twice again", description: "Same problem.")
        try await f.db.merge(ticketId: t3.requiredID, into: t1.requiredID, by: admin)
        try await expectExactRollup("after merging")
        // 15:00: Alan answers and resolves T2, and the customer closes it
        f.clock.advance(by: 5 * 3600)
        try await f.db.reply(to: t2.requiredID, by: alan, body: "A new mouse is on its way.")
        _ = try await f.db.resolve(
            ticketId: t2.requiredID,
            by: alan,
            with: .new(SolutionDraft(title: "Replace a broken mouse", steps: ["Send a new mouse."]))
        )
        try await f.db.changeStatus(ticketId: t2.requiredID, to: .closed, by: customer)
        try await expectExactRollup("after closing")
        // Day 2, 09:00: T4 (hardware) is filed and taken by Grace, who is then deactivated; Alan resolves T1
        f.clock.advance(by: 18 * 3600)
        let t4 = try await f.db.createTicket(by: customer, subject: "Dead screen", description: "It stays black.", categoryId: "hardware")
        try await f.db.take(ticketId: t4.requiredID, by: grace)
        try await f.db.deactivateAgent(id: grace.requiredID, by: admin)
        _ = try await f.db.resolve(ticketId: t1.requiredID, by: alan, with: .existing(id: refund.requiredID))
        try await expectExactRollup("after deactivating and resolving")

        // Then the backlog follows the tickets as they stand now: T1 answered on day 0 and resolved on day 2 (its
        // day-0 resolution was undone), T2 waiting until day 1, T3 filed and closed on day 1, T4 waiting on day 2
        let days = try range(0, 2)
        func backlog(_ filter: ReportFilter) async throws -> [[Int]] {
            try await f.db.backlogReport(filter, for: admin).map { [$0.awaitingResponse, $0.inProgress] }
        }
        #expect(try await backlog(days) == [[1, 1], [0, 1], [1, 0]])
        // And the prefix before the range carries over
        #expect(try await backlog(try range(1, 2)) == [[0, 1], [1, 0]])
        // And T1 and T2 count for their current assignee and category, T4 for nobody since Grace left
        var filter = days
        filter.agentId = alan.requiredID
        #expect(try await backlog(filter) == [[1, 1], [0, 1], [0, 0]])
        filter.agentId = grace.requiredID
        #expect(try await backlog(filter) == [[0, 0], [0, 0], [0, 0]])
        filter = days
        filter.categoryId = "billing"
        #expect(try await backlog(filter) == [[1, 1], [0, 1], [0, 0]])
        filter.categoryId = "hardware"
        #expect(try await backlog(filter) == [[0, 0], [0, 0], [1, 0]])
    }

    @Test("a range ending before it starts, or a malformed day, is refused")
    func badRange() async throws {
        #expect(throws: HelpdeskError.invalidInput(field: "to", message: "The last day must not be before the first day.")) {
            try ReportFilter(firstDay: Self.day, lastDay: Self.day.addingTimeInterval(-86_400))
        }
        #expect(ReportFilter.parseDay("2027-02-30") == nil)
        #expect(ReportFilter.parseDay("27-01-15") == nil)
        #expect(ReportFilter.parseDay("2027-01-15").map(ReportFilter.dayKey) == "2027-01-15")
    }
}

import Foundation
import GRDB
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import HelpdeskServer

/// The report pages and CSV downloads on a hand-built day two days ago (UTC):
/// 08:00 T1 filed (Shop payments, high); 09:00 the agent takes it and replies (first response 1 h);
/// 10:00 T2 filed (Devices, normal, subject with a comma and quotes), never answered, so its first response (due
/// 18:00) is missed; 12:00 T1 resolved with a new solution (4 h) and a visitor is deflected by it.
@Suite("Report pages")
struct ReportsRouteTests {
    /// A clock the scene moves, then brings to the present so sign-in sessions are current.
    final class SceneClock: Sendable {
        private let current: Mutex<Date>
        init(_ start: Date) { current = Mutex(start) }
        var now: Date { current.withLock { $0 } }
        func set(_ date: Date) { current.withLock { $0 = date } }
        func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    struct Scene: Sendable {
        let env: TestEnvironment
        let day: String
        let t1: Int64
        let t2: Int64
        let t2Filed: Date
        let agentEmail: String
    }

    static let subject = #"Router "Hub", offline"#

    /// Builds the app over a database on `SceneClock`, plays the scene `daysAgo` days ago, and runs `body`.
    func run(daysAgo: Int = 2, _ body: @Sendable (any TestClientProtocol, Scene) async throws -> Void) async throws {
        let calendar = ReportFilter.calendar
        let dayStart = calendar.date(byAdding: .day, value: -daysAgo, to: calendar.startOfDay(for: Date()))!
        let clock = SceneClock(dayStart.addingTimeInterval(8 * 3600))
        let database = try AppDatabase(
            DatabaseQueue(),
            configuration: HelpdeskConfiguration(bcryptCost: 4, baseURL: "http://care.test"),
            now: { clock.now }
        )
        var arguments = TestArguments()
        let corpus = try TestData.corpusFolder()
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        arguments.corpusFolder = corpus
        var logger = Logger(label: "care-test")
        logger.logLevel = .warning
        let app = try await buildApplication(arguments, database: database, snapshotFolder: nil, logger: logger)
        let env = TestEnvironment(database: database, validator: try OpenAPIValidator.load(), attachmentFolder: "")

        // The people
        let admin = try await database.login(email: "admin@care.test", password: TestData.adminPassword)
        let agentEmail = "grace@staff.test"
        let agent = try await database.createAgent(by: admin, name: "Grace", email: agentEmail, skills: [], capacity: 5)
        let invitation = try #require(try await database.outbox(recipient: agentEmail).last?.payloadValues["token"])
        try await database.resetPassword(token: invitation, newPassword: TestData.password)
        try await database.register(name: "Ada", email: "ada@customer.test", password: TestData.password)
        let confirmation = try #require(try await database.outbox(recipient: "ada@customer.test").last?.payloadValues["token"])
        let customer = try await database.confirmEmail(token: confirmation)

        // The day
        let t1 = try await database.createTicket(
            by: customer,
            subject: "Payout delayed",
            description: "My payout has not arrived.",
            categoryId: "shop-payments",
            priority: .high
        )
        clock.advance(by: 3600)
        try await database.take(ticketId: t1.requiredID, by: agent)
        try await database.reply(to: t1.requiredID, by: agent, body: "Checking the payout.")
        clock.advance(by: 3600)
        let t2 = try await database.createTicket(by: customer, subject: Self.subject, description: "No Wi-Fi.", categoryId: "devices")
        clock.advance(by: 2 * 3600)
        let (_, solution) = try await database.resolve(
            ticketId: t1.requiredID,
            by: agent,
            with: .new(SolutionDraft(title: "Check the payout schedule", steps: ["Open HF Pay."], categoryId: "shop-payments"))
        )
        try await database.recordDeflection(solutionId: solution.requiredID, query: "payout", by: nil)
        clock.set(Date())

        let scene = Scene(
            env: env,
            day: ReportFilter.dayKey(dayStart),
            t1: t1.requiredID,
            t2: t2.requiredID,
            t2Filed: t2.createdAt,
            agentEmail: agentEmail
        )
        try await app.test(.router) { client in try await body(client, scene) }
    }

    func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test("the admin's page shows the day's figures, charts and breach links")
    func pageFigures() async throws {
        try await run { client, s in
            let admin = try await s.env.admin(client)
            let response = try await s.env.page(client, "/admin/reports?from=\(s.day)&to=\(s.day)", as: admin)
            #expect(response.status == .ok)
            let html = text(response)
            #expect(html.contains(#"id="total-opened">2<"#))
            #expect(html.contains(#"id="total-resolved">1<"#))
            #expect(html.contains(#"id="total-deflected">1<"#))
            #expect(html.contains(#"id="total-breaches">1<"#))
            #expect(html.contains(#"id="fr-median">1 h<"#) && html.contains(#"id="fr-p90">1 h<"#))
            #expect(html.contains(#"id="res-median">4 h<"#))
            #expect(html.contains(#"id="deflection-rate">33.3%<"#))
            #expect(html.contains(#"<a href="/agent/tickets/\#(s.t2)">Router &quot;Hub&quot;, offline</a>"#))
            // Accessible inline SVG charts
            #expect(html.contains(#"role="img" aria-labelledby="chart-volume-title chart-volume-desc""#))
            #expect(html.contains(#"<title id="chart-volume-title">Tickets opened, resolved and deflected per day</title>"#))
            #expect(html.contains(#"<polyline class="chart-line""#) && html.contains(#"<polygon class="chart-area""#))
            #expect(html.contains(#"href="/admin/reports/volume.csv?from=\#(s.day)&amp;to=\#(s.day)&amp;granularity=day""#))
        }
    }

    @Test("when nothing happened in the last 30 days, the default range ends on the newest activity and says so")
    func quietStoreDefault() async throws {
        try await run(daysAgo: 45) { client, s in
            let admin = try await s.env.admin(client)
            let today = ReportFilter.dayKey(Date())
            let thirtyDaysAgo = ReportFilter.dayKey(ReportFilter.calendar.date(byAdding: .day, value: -29, to: Date())!)
            let moved = text(try await s.env.page(client, "/admin/reports", as: admin))
            // The scene's day, 45 days ago, is the range's last day, and its figures show.
            #expect(moved.contains(#"name="to" type="date" value="\#(s.day)""#))
            #expect(moved.contains(#"id="total-opened">2<"#) && moved.contains(#"id="total-resolved">1<"#))
            #expect(moved.contains(#"id="range-notice""#))
            #expect(moved.contains("Nothing happened in the last 30 days, so these are the 30 days up to the newest activity"))
            // Its link names the last 30 days, which then show as asked: empty, without the notice.
            let link = "/admin/reports?from=\(thirtyDaysAgo)&to=\(today)&granularity=day"
            #expect(moved.contains(#"<a href="\#(link.replacingOccurrences(of: "&", with: "&amp;"))">Show the last 30 days</a>"#))
            let asked = text(try await s.env.page(client, link, as: admin))
            #expect(asked.contains(#"id="total-opened">0<"#) && !asked.contains(#"id="range-notice""#))
            // Blank dates, as a cleared form sends them, name no range either.
            #expect(text(try await s.env.page(client, "/admin/reports?from=%20&to=", as: admin)).contains(#"id="range-notice""#))
            // The check follows the filter: Devices had its ticket that day; Account access never had any, so its page
            // stays on the last 30 days.
            let devices = text(try await s.env.page(client, "/admin/reports?category=devices", as: admin))
            #expect(devices.contains(#"id="range-notice""#) && devices.contains(#"id="total-opened">1<"#))
            let account = text(try await s.env.page(client, "/admin/reports?category=account-access", as: admin))
            #expect(!account.contains(#"id="range-notice""#) && account.contains(#"name="to" type="date" value="\#(today)""#))
            // A range the request names is never moved, even one with a single end.
            let named = text(try await s.env.page(client, "/admin/reports?to=\(today)", as: admin))
            #expect(named.contains(#"id="total-opened">0<"#) && !named.contains(#"id="range-notice""#))
            // The agent's own page moves to the agent's own newest activity, the resolution on that day.
            let agent = try await s.env.signIn(client, email: s.agentEmail, password: TestData.password)
            let own = text(try await s.env.page(client, "/agent/figures", as: agent))
            #expect(own.contains(#"id="range-notice""#) && own.contains(#"name="to" type="date" value="\#(s.day)""#))
            #expect(own.contains(#"<a href="/agent/figures?from=\#(thirtyDaysAgo)&amp;to=\#(today)&amp;granularity=day">"#))
        }
    }

    @Test("an empty range shows the empty state, and the default range is the last 30 days")
    func emptyAndDefault() async throws {
        try await run { client, s in
            let admin = try await s.env.admin(client)
            let empty = try await s.env.page(client, "/admin/reports?from=2020-01-01&to=2020-01-03", as: admin)
            #expect(empty.status == .ok)
            let html = text(empty)
            #expect(html.contains(#"id="total-opened">0<"#) && html.contains("No tickets in this range"))
            #expect(html.contains(#"id="fr-median">–<"#))
            let defaults = try await s.env.page(client, "/admin/reports", as: admin)
            #expect(defaults.status == .ok)
            #expect(text(defaults).contains(#"id="total-opened">2<"#) && !text(defaults).contains(#"id="range-notice""#))
            let thirtyDaysAgo = ReportFilter.calendar.date(byAdding: .day, value: -29, to: Date())!
            #expect(text(defaults).contains(#"name="from" type="date" value="\#(ReportFilter.dayKey(thirtyDaysAgo))""#))
        }
    }

    @Test("CSV downloads: exact RFC 4180 bodies with a header row, as attachments")
    func csv() async throws {
        try await run { client, s in
            let admin = try await s.env.admin(client)
            let volume = try await s.env.page(client, "/admin/reports/volume.csv?from=\(s.day)&to=\(s.day)", as: admin)
            #expect(volume.status == .ok)
            #expect(volume.headers[.contentType] == "text/csv; charset=utf-8; header=present")
            #expect(volume.headers[.contentDisposition] == #"attachment; filename="volume-\#(s.day)_\#(s.day).csv""#)
            #expect(text(volume) == "day,opened,resolved,deflected\r\n\(s.day),2,1,1\r\n")
            let breaches = try await s.env.page(client, "/admin/reports/breaches.csv?from=\(s.day)&to=\(s.day)", as: admin)
            let filed = s.t2Filed.formatted(.iso8601)
            #expect(
                text(breaches)
                    == "ticket,subject,priority,status,filed,missed\r\n#\(s.t2),\"Router \"\"Hub\"\", offline\",normal,new,\(filed),first response\r\n"
            )
            let sla = try await s.env.page(client, "/admin/reports/sla.csv?from=\(s.day)&to=\(s.day)", as: admin)
            #expect(
                text(sla) == """
                    priority,first response target (min),resolution target (min),tickets,first response breached,resolution breached\r
                    urgent,60,480,0,0,0\r
                    high,240,1440,1,0,0\r
                    normal,480,4320,1,1,0\r
                    low,1440,7200,0,0,0\r

                    """
            )
            let speed = try await s.env.page(client, "/admin/reports/speed.csv?from=\(s.day)&to=\(s.day)&category=shop-payments", as: admin)
            #expect(text(speed).contains("\r\nall,All tickets,1,60,60,1,240,240\r\n"))
            #expect(text(speed).contains("\r\ncategory,Shop payments,1,60,60,1,240,240\r\n"))
            #expect(!text(speed).contains("Devices"))
            let unknown = try await s.env.page(client, "/admin/reports/secrets.csv", as: admin)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("customers and agents get 404, anonymous visitors the login page")
    func denials() async throws {
        try await run { client, s in
            let customer = try await s.env.signIn(client, email: "ada@customer.test", password: TestData.password)
            let agent = try await s.env.signIn(client, email: s.agentEmail, password: TestData.password)
            for path in ["/admin/reports", "/admin/reports/volume.csv"] {
                #expect(try await s.env.page(client, path, as: customer).status == .notFound)
                #expect(try await s.env.page(client, path, as: agent).status == .notFound)
                let anonymous = try await s.env.page(client, path, as: .anonymous)
                #expect(anonymous.status == .seeOther)
                #expect(anonymous.headers[.location]?.hasPrefix("/login?next=") == true)
            }
            #expect(try await s.env.page(client, "/agent/figures", as: customer).status == .notFound)
            #expect(try await s.env.page(client, "/agent/figures", as: .anonymous).status == .seeOther)
        }
    }

    @Test("bad dates and filters give a page naming the field")
    func badInput() async throws {
        try await run { client, s in
            let admin = try await s.env.admin(client)
            let month = try await s.env.page(client, "/admin/reports?from=2026-13-01", as: admin)
            #expect(month.status == .unprocessableContent)
            #expect(text(month).contains("From: Use a date like 2026-01-31."))
            let reversed = try await s.env.page(client, "/admin/reports?from=2026-03-10&to=2026-03-01", as: admin)
            #expect(reversed.status == .unprocessableContent)
            #expect(text(reversed).contains("To: The last day must not be before the first day."))
            let agent = try await s.env.page(client, "/admin/reports?agent=abc", as: admin)
            #expect(text(agent).contains("Agent: Choose an agent from the list."))
            let category = try await s.env.page(client, "/admin/reports?category=nope", as: admin)
            #expect(text(category).contains("Category: Choose a category from the list."))
            let csv = try await s.env.page(client, "/admin/reports/volume.csv?to=yesterday", as: admin)
            #expect(csv.status == .unprocessableContent)
            #expect(text(csv).contains("The problem is with the field <strong>to</strong>"))
        }
    }

    @Test("the agent sees their own figures")
    func agentFigures() async throws {
        try await run { client, s in
            let agent = try await s.env.signIn(client, email: s.agentEmail, password: TestData.password)
            let response = try await s.env.page(client, "/agent/figures?from=\(s.day)&to=\(s.day)", as: agent)
            #expect(response.status == .ok)
            let html = text(response)
            #expect(html.contains(#"id="my-resolved">1<"#))
            #expect(html.contains(#"id="my-load">0 / 5<"#))
            #expect(html.contains(#"id="fr-median">1 h<"#))
            // T2 is nobody's ticket yet: the agent's page lists no breach
            #expect(html.contains("Missed targets (0)"))
            #expect(html.contains(#"<a href="/agent/figures">My figures</a>"#))
        }
    }

    @Test("suggestions shown and opened feed the click-through figure")
    func clickThrough() async throws {
        try await run { client, s in
            let shown = try await s.env.api(client, .post, "/api/v1/suggestions", json: ["text": "payout delayed", "k": 3], as: .anonymous)
            #expect(shown.status == .ok)
            let count = (try TestEnvironment.json(shown)["suggestions"] as? [Any])?.count ?? 0
            #expect(count > 0)
            let first = try #require(((try TestEnvironment.json(shown)["suggestions"] as? [[String: Any]])?.first?["solution"] as? [String: Any])?["id"] as? NSNumber)
            let opened = try await s.env.api(client, .post, "/api/v1/suggestions/opened", json: ["solutionId": first.intValue], as: .anonymous)
            #expect(opened.status == .noContent)
            let missing = try await s.env.api(client, .post, "/api/v1/suggestions/opened", json: ["solutionId": 999_999], as: .anonymous)
            #expect(missing.status == .notFound)
            let admin = try await s.env.admin(client)
            let html = text(try await s.env.page(client, "/admin/reports", as: admin))
            #expect(html.contains(#"id="click-through">\#(String(format: "%.1f%%", 100.0 / Double(count)))<"#))
            #expect(html.contains("1 opened of \(count) shown"))
        }
    }
}

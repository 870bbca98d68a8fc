import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// The customer's verdict through the pages: repeated harmlessly, refused with a page that says why once it can no
/// longer be changed.
@Suite struct VerdictChangeTests {
    typealias Env = TestEnvironment

    @Test("a late change is refused in plain words on the request page; the same answer again, signed in or by mail link, is fine")
    func lateChangeIsRefused() async throws {
        // The scene plays four days ago; sessions live in real time, so the clock only ever moves to the present.
        let clock = ReportsRouteTests.SceneClock(Date().addingTimeInterval(-(AppDatabase.verdictChangeWindow + 86_400)))
        try await Env.run(now: { clock.now }) { client, env in
            let customer = try await env.customer(client, name: "Vera Verdict")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer)
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["auto": true], as: admin)
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solutionId": 2], as: admin)
            let mail = try #require(try await env.database.outbox(recipient: customer.user!.email).last { $0.kind == .ticketResolved })
            let token = try #require(mail.payloadValues["token"])

            let first = try await env.form(client, "/tickets/\(id)/verdict", [("verdict", "solved")], as: customer)
            #expect(first.status == .seeOther)
            let again = try await env.form(client, "/tickets/\(id)/verdict", [("verdict", "solved")], as: customer)
            #expect(again.status == .seeOther)

            // The mail's "yes" link, clicked twice
            let page = try await env.page(client, try #require(mail.payloadValues["solvedPath"]), as: .anonymous)
            let visitor = Caller(cookie: Env.sessionCookie(page), user: nil, name: "mail")
            let csrf = try #require(Env.csrfToken(in: String(buffer: page.body)))
            for _ in 0..<2 {
                let answered = try await env.form(client, "/verdict", [("token", token), ("verdict", "solved")], csrf: csrf, as: visitor)
                #expect(answered.status == .ok)
            }

            clock.set(Date())
            let late = try await env.form(client, "/tickets/\(id)/verdict", [("verdict", "notSolved")], as: customer)

            // Back to the request, the reason beside its actions.
            #expect(late.status == .seeOther)
            #expect(late.headers[.location] == "/tickets/\(id)")
            let html = String(buffer: try await env.page(client, "/tickets/\(id)", as: customer).body)
            #expect(html.contains("action-notice"))
            #expect(html.contains("You already told us that this solved the problem."))
            #expect(html.contains("within 3 days of the resolution"))
            #expect(try await env.database.ticket(id: id, for: admin.user!).status == .closed)
            let solution = try await env.database.solution(id: 2, for: admin.user!)
            #expect(solution.solvedCount == 1 && solution.notSolvedCount == 0)
        }
    }
}

import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// The agent queue after a customer acts: the badge, the unread mark, the filter and sort, the landing view, and the
/// mail to the assignee.
@Suite struct CustomerActivityPageTests {
    typealias Env = TestEnvironment

    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// The queue row of ticket `id` in `html` (from its `<tr` to its `</tr>`), or nil when it is not listed.
    static func row(_ id: Int64, in html: String) -> String? {
        guard let link = html.range(of: "<a href=\"/agent/tickets/\(id)\">") else { return nil }
        guard let start = html.range(of: "<tr", options: .backwards, range: html.startIndex..<link.lowerBound),
            let end = html.range(of: "</tr>", range: link.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// The label of the current queue tab.
    static func currentTab(_ html: String) -> String? {
        guard let range = html.range(of: #"aria-current="page">[^<]+<"#, options: .regularExpression) else { return nil }
        return String(html[range].dropFirst(#"aria-current="page">"#.count).dropLast())
    }

    @Test func aCustomerReplyShowsInTheAgentsQueueUntilTheAgentOpensTheTicket() async throws {
        try await Env.run { client, env in
            // Given two tickets held by an agent, both answered by the agent
            let customer = try await env.customer(client, name: "Rita Reply")
            let agent = try await env.agent(client, name: "Queue Agent")
            let id = try await env.ticket(client, by: customer, subject: "Payout still missing")
            let quiet = try await env.ticket(client, by: customer, subject: "Card declined once")
            for ticket in [id, quiet] {
                #expect(try await env.form(client, "/agent/tickets/\(ticket)/take", [], as: agent).status == .seeOther)
                #expect(
                    try await env.form(client, "/agent/tickets/\(ticket)/reply", [("body", "Looking into it.")], as: agent)
                        .status == .seeOther)
            }
            var mine = Self.body(try await env.page(client, "/agent?view=mine", as: agent))
            #expect(Self.row(id, in: mine)?.contains("Customer replied") == false)
            #expect(Self.row(id, in: mine)?.contains("unread") == false)

            // When the customer replies on the page
            let replied = try await env.form(
                client, "/tickets/\(id)/reply", [("body", "The bank says nothing arrived.")], tokenPage: "/tickets/\(id)",
                as: customer)
            #expect(replied.status == .seeOther)

            // Then the agent's queue shows the badge and the unread mark on that ticket only
            mine = Self.body(try await env.page(client, "/agent?view=mine", as: agent))
            let row = try #require(Self.row(id, in: mine))
            #expect(row.contains("Customer replied"))
            #expect(row.contains(" unread\"") && row.contains("unread-dot"))
            let quietRow = try #require(Self.row(quiet, in: mine))
            #expect(!quietRow.contains("Customer replied") && !quietRow.contains("unread-dot"))
            // And the agent got a mail quoting the customer, linking the ticket's agent page
            let agentEmail = try #require(agent.user?.email)
            let mail = try #require(try await env.database.outbox(recipient: agentEmail).last)
            #expect(mail.kind == .customerReplied)
            #expect(mail.body.contains("> The bank says nothing arrived."))
            #expect(mail.body.contains("http://care.test/agent/tickets/\(id)"))

            // And the "customer replied" filter lists only that ticket
            let filtered = Self.body(try await env.page(client, "/agent?view=mine&activity=replied", as: agent))
            #expect(Self.row(id, in: filtered) != nil && Self.row(quiet, in: filtered) == nil)
            #expect(filtered.contains(#"<option value="replied" selected>Customer replied</option>"#))
            let reopened = Self.body(try await env.page(client, "/agent?view=mine&activity=reopened", as: agent))
            #expect(Self.row(id, in: reopened) == nil && reopened.contains("Nothing here"))

            // And sorting by customer activity puts it first, although the other ticket changed later
            #expect(
                try await env.form(client, "/agent/tickets/\(quiet)/reply", [("body", "Any news?")], as: agent).status
                    == .seeOther)
            let sorted = Self.body(try await env.page(client, "/agent?view=mine&sort=activity", as: agent))
            let first = try #require(sorted.range(of: "/agent/tickets/\(id)\""))
            let second = try #require(sorted.range(of: "/agent/tickets/\(quiet)\""))
            #expect(first.lowerBound < second.lowerBound)
            let byUpdate = Self.body(try await env.page(client, "/agent?view=mine", as: agent))
            let quietFirst = try #require(byUpdate.range(of: "/agent/tickets/\(quiet)\""))
            let idSecond = try #require(byUpdate.range(of: "/agent/tickets/\(id)\""))
            #expect(quietFirst.lowerBound < idSecond.lowerBound)

            // When the agent opens the ticket, Then it is no longer unread (the badge stays)
            #expect(try await env.page(client, "/agent/tickets/\(id)", as: agent).status == .ok)
            mine = Self.body(try await env.page(client, "/agent?view=mine", as: agent))
            let read = try #require(Self.row(id, in: mine))
            #expect(read.contains("Customer replied") && !read.contains("unread-dot"))
        }
    }

    @Test func aReplyThroughTheAPIReachesTheQueueAndTheTicketShape() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Api Replier")
            let agent = try await env.agent(client, name: "Api Agent")
            let id = try await env.ticket(client, by: customer)
            #expect(try await env.form(client, "/agent/tickets/\(id)/take", [], as: agent).status == .seeOther)
            var shown = try Env.json(try await env.api(client, .get, "/api/v1/tickets/\(id)", as: agent))
            var ticket = try #require(shown["ticket"] as? [String: Any])
            #expect(ticket["lastCustomerAction"] is NSNull && ticket["lastCustomerActivityAt"] is NSNull)

            let posted = try await env.api(
                client, .post, "/api/v1/tickets/\(id)/messages", json: ["body": "Any update?"], as: customer)
            #expect(posted.status == .created)

            shown = try Env.json(try await env.api(client, .get, "/api/v1/tickets/\(id)", as: agent))
            ticket = try #require(shown["ticket"] as? [String: Any])
            #expect(ticket["lastCustomerAction"] as? String == "replied")
            #expect(ticket["lastCustomerActivityAt"] is String)
            let listed = try Env.json(try await env.api(client, .get, "/api/v1/tickets?assignee=me", as: agent))
            let row = try #require((listed["tickets"] as? [[String: Any]])?.first)
            #expect(row["lastCustomerAction"] as? String == "replied")
            let mine = Self.body(try await env.page(client, "/agent?view=mine", as: agent))
            #expect(Self.row(id, in: mine)?.contains("unread-dot") == true)
        }
    }

    @Test func anAgentWithTicketsLandsOnMineOthersOnUnassigned() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Landing Customer")
            let busy = try await env.agent(client, name: "Busy Agent")
            let idle = try await env.agent(client, name: "Idle Agent")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer, subject: "Assigned to Busy")
            let waiting = try await env.ticket(client, by: customer, subject: "Still in the queue")
            #expect(try await env.form(client, "/agent/tickets/\(id)/take", [], as: busy).status == .seeOther)

            let landing = Self.body(try await env.page(client, "/agent", as: busy))
            #expect(Self.currentTab(landing) == "Mine")
            #expect(Self.row(id, in: landing) != nil && Self.row(waiting, in: landing) == nil)
            #expect(Self.currentTab(Self.body(try await env.page(client, "/agent", as: idle))) == "Unassigned")
            #expect(Self.currentTab(Self.body(try await env.page(client, "/agent", as: admin))) == "Unassigned")
            // An explicit view still wins
            let unassigned = Self.body(try await env.page(client, "/agent?view=unassigned", as: busy))
            #expect(Self.currentTab(unassigned) == "Unassigned" && Self.row(waiting, in: unassigned) != nil)
        }
    }

    @Test func hostileFilterAndSortValuesGetA4xxNamingTheField() async throws {
        try await Env.run { client, env in
            let agent = try await env.agent(client, name: "Hostile Filter Agent")
            let values = [
                "x", "REPLIED", "replied'--", "<script>alert(1)</script>", "\u{0}", "9223372036854775808", "-1", "1e309",
                String(repeating: "a", count: 5_000), "\u{202E}replied", "updated\r\nSet-Cookie: x",
            ]
            for value in values {
                for field in ["activity", "sort"] {
                    let uri = "/agent?view=mine&\(field)=\(HostileInputTests.encoded(value))"
                    let response = try await env.page(client, uri, as: agent)
                    let code = response.status.code
                    #expect((400..<500).contains(code), "\(field)=\(value.prefix(40)) answered \(code)")
                    let html = Self.body(response)
                    #expect(html.contains("<strong>\(field)</strong>"), "the error names \(field)")
                    #expect(!html.contains("<script>alert(1)"))
                }
            }
            // And the server still answers
            #expect(try await env.page(client, "/agent?view=mine&activity=&sort=", as: agent).status == .ok)
            #expect(try await env.page(client, "/agent?activity=notSolved&sort=updated", as: agent).status == .ok)
        }
    }
}

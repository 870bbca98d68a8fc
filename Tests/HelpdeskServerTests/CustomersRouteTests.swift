import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// The customer list and profiles: `/admin/customers…` pages and `/api/v1/customers…`, by role, with their content
/// and with hostile query strings.
@Suite struct CustomersRouteTests {
    typealias Env = TestEnvironment

    struct Scene {
        var ada: Caller
        var bob: Caller
        var agent: Caller
        var admin: Caller
        var adaTicket: Int64
        var adaId: Int64 { ada.user!.requiredID }
    }

    /// Ada (one ticket, "Payout delayed") and Bob (none), an agent and the admin.
    func scene(_ client: some TestClientProtocol, _ env: Env) async throws -> Scene {
        let ada = try await env.customer(client, name: "Ada Lovelace")
        let bob = try await env.customer(client, name: "Bob Stone")
        let agent = try await env.agent(client, name: "Grace Hopper")
        let admin = try await env.admin(client)
        let ticket = try await env.ticket(client, by: ada)
        return Scene(ada: ada, bob: bob, agent: agent, admin: admin, adaTicket: ticket)
    }

    // MARK: - Access

    @Test func apiRoutesByRole() async throws {
        try await Env.run { client, env in
            let s = try await scene(client, env)
            let routes = ["/api/v1/customers", "/api/v1/customers/\(s.adaId)"]
            let unknown = try await env.api(client, .get, "/api/v1/nothing-here", as: s.bob)
            for uri in routes {
                #expect(try await env.api(client, .get, uri, as: .anonymous).status == .unauthorized, "anonymous \(uri)")
                // A customer gets the very answer of a route that does not exist, even for their own id.
                for customer in [s.ada, s.bob] {
                    let response = try await env.api(client, .get, uri, as: customer)
                    #expect(response.status == .notFound, "customer \(uri)")
                    #expect(String(buffer: response.body) == String(buffer: unknown.body))
                }
                for staff in [s.agent, s.admin] {
                    #expect(try await env.api(client, .get, uri, as: staff).status == .ok, "\(staff.name) \(uri)")
                }
            }
            // Ids that are not customers are simply not found.
            for id in ["999999", "\(s.agent.user!.requiredID)", "abc", "0", "9223372036854775808"] {
                #expect(try await env.api(client, .get, "/api/v1/customers/\(id)", as: s.admin).status == .notFound, "id \(id)")
            }
        }
    }

    @Test func pageRoutesByRole() async throws {
        try await Env.run { client, env in
            let s = try await scene(client, env)
            let pages = ["/admin/customers", "/admin/customers/\(s.adaId)", "/admin/customers?q=ada&sort=email&order=desc"]
            for uri in pages {
                let anonymous = try await env.page(client, uri, as: .anonymous)
                #expect(anonymous.status == .seeOther, "anonymous \(uri)")
                #expect(anonymous.headers[.location]?.hasPrefix("/login?next=") == true)
                let customer = try await env.page(client, uri, as: s.ada)
                #expect(customer.status == .notFound, "customer \(uri)")
                #expect(!String(buffer: customer.body).contains("bob.stone"))
                #expect(try await env.page(client, uri, as: s.agent).status == .ok, "agent \(uri)")
                #expect(try await env.page(client, uri, as: s.admin).status == .ok, "admin \(uri)")
            }
            #expect(try await env.page(client, "/admin/customers/\(s.agent.user!.requiredID)", as: s.admin).status == .notFound)
            #expect(try await env.page(client, "/admin/customers/abc", as: s.admin).status == .notFound)

            let actions = ["deactivate", "reactivate", "resend-confirmation"]
            for action in actions {
                let uri = "/admin/customers/\(s.bob.user!.requiredID)/\(action)"
                let anonymous = try await env.form(client, uri, [], as: .anonymous)
                #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/login") == true, "anonymous \(uri)")
                #expect(try await env.form(client, uri, [], as: s.ada).status == .notFound, "customer \(uri)")
                #expect(try await env.form(client, uri, [], as: s.agent).status == .forbidden, "agent \(uri)")
                #expect(try await env.form(client, uri, [], csrf: nil, as: s.admin).status == .forbidden, "admin without CSRF \(uri)")
            }
            // Nothing the others tried changed Bob's account.
            #expect(try await env.database.login(email: "bob.stone@customer.test", password: TestData.password).isActive)

            // The admin deactivates Bob: he is signed out and cannot sign in; reactivated, he can.
            let deactivated = try await env.form(client, "/admin/customers/\(s.bob.user!.requiredID)/deactivate", [], as: s.admin)
            #expect(deactivated.status == .seeOther)
            #expect(deactivated.headers[.location] == "/admin/customers/\(s.bob.user!.requiredID)")
            #expect(try await env.isSignedIn(client, s.bob) == false)
            let refused = try await env.api(
                client, .post, "/api/v1/session", json: ["email": "bob.stone@customer.test", "password": TestData.password],
                as: .anonymous)
            #expect(refused.status == .forbidden)
            let profile = String(buffer: try await env.page(client, "/admin/customers/\(s.bob.user!.requiredID)", as: s.admin).body)
            #expect(profile.contains("deactivated") && profile.contains("Reactivate Bob Stone"))
            let reactivated = try await env.form(client, "/admin/customers/\(s.bob.user!.requiredID)/reactivate", [], as: s.admin)
            #expect(reactivated.status == .seeOther)
            #expect(try await env.database.login(email: "bob.stone@customer.test", password: TestData.password).isActive)
        }
    }

    // MARK: - Content

    @Test func listShowsCustomersWithCountsAndSearches() async throws {
        try await Env.run { client, env in
            let s = try await scene(client, env)
            let html = String(buffer: try await env.page(client, "/admin/customers", as: s.agent).body)
            // Both customers, their addresses, Ada's open ticket, the count, links to the profiles; no staff.
            #expect(html.contains("Ada Lovelace") && html.contains(">ada.lovelace<wbr>@customer.test</td>"))
            #expect(html.contains("Bob Stone") && html.contains(">bob.stone<wbr>@customer.test</td>"))
            #expect(html.contains("Showing 1–2 of 2 customers"))
            #expect(html.contains("href=\"/admin/customers/\(s.adaId)\""))
            #expect(html.contains("<strong>1</strong> open"))
            #expect(!html.contains(">grace.hopper<wbr>@staff.test</td>") && !html.contains(">admin<wbr>@care.test</td>"))
            // Column headers link to sorts; the current one links to the other direction.
            #expect(html.contains("href=\"/admin/customers?sort=name&amp;order=desc\""))
            #expect(html.contains("href=\"/admin/customers?sort=openTickets&amp;order=desc\""))
            // The staff navigation links to the list.
            #expect(html.contains("<a href=\"/admin/customers\">Customers</a>"))
            let customerHome = String(buffer: try await env.page(client, "/tickets", as: s.ada).body)
            #expect(!customerHome.contains("/admin/customers"))

            // A search by part of an address, in another case, keeps only Bob; a space-separated name works too.
            let search = String(buffer: try await env.page(client, "/admin/customers?q=BOB.ST", as: s.admin).body)
            #expect(search.contains("Bob Stone") && !search.contains("Ada Lovelace"))
            #expect(search.contains("Showing 1–1 of 1 customer"))
            let spaced = String(buffer: try await env.page(client, "/admin/customers?q=ada+love", as: s.admin).body)
            #expect(spaced.contains("Ada Lovelace") && !spaced.contains("Bob Stone"))
            let none = String(buffer: try await env.page(client, "/admin/customers?q=nobody", as: s.admin).body)
            #expect(none.contains("No customer matches this search.") && none.contains("Showing 0 of 0 customers"))
            // Sorted by open tickets, Ada (one) comes before Bob (none); ascending, after.
            let byOpen = String(buffer: try await env.page(client, "/admin/customers?sort=openTickets", as: s.admin).body)
            let byOpenAscending = String(
                buffer: try await env.page(client, "/admin/customers?sort=openTickets&order=asc", as: s.admin).body)
            #expect(try position("Ada Lovelace", in: byOpen) < position("Bob Stone", in: byOpen))
            #expect(try position("Ada Lovelace", in: byOpenAscending) > position("Bob Stone", in: byOpenAscending))
        }
    }

    @Test func listPagesShowTheirSlice() async throws {
        try await Env.run { client, env in
            let admin = try await env.admin(client)
            for name in ["Ann Apple", "Ben Berry", "Cat Cherry"] {
                try await env.database.register(name: name, email: "\(name.prefix(3).lowercased())@customer.test", password: TestData.password)
            }
            let first = String(buffer: try await env.page(client, "/admin/customers?pageSize=2", as: admin).body)
            #expect(first.contains("Showing 1–2 of 3 customers") && first.contains("Ann Apple") && !first.contains("Cat Cherry"))
            #expect(first.contains("href=\"/admin/customers?sort=name&amp;order=asc&amp;page=2&amp;pageSize=2\""))
            #expect(first.contains("unconfirmed"))
            let second = String(buffer: try await env.page(client, "/admin/customers?pageSize=2&page=2", as: admin).body)
            #expect(second.contains("Showing 3–3 of 3 customers") && second.contains("Cat Cherry") && !second.contains("Ann Apple"))
            let json = try Env.json(try await env.api(client, .get, "/api/v1/customers?pageSize=2&page=2", as: admin))
            #expect(json["total"] as? Int == 3 && json["page"] as? Int == 2 && json["pageSize"] as? Int == 2)
            #expect((json["customers"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Cat Cherry"])
        }
    }

    @Test func profileShowsTicketsAndAdminActions() async throws {
        try await Env.run { client, env in
            let s = try await scene(client, env)
            let adminView = String(buffer: try await env.page(client, "/admin/customers/\(s.adaId)", as: s.admin).body)
            #expect(adminView.contains("Ada Lovelace") && adminView.contains("ada.lovelace@customer.test"))
            #expect(adminView.contains("Payout delayed") && adminView.contains("href=\"/agent/tickets/\(s.adaTicket)\""))
            #expect(adminView.contains("Showing 1–1 of 1 ticket"))
            #expect(adminView.contains("e-mail confirmed") && adminView.contains("Password"))
            #expect(adminView.contains("action=\"/admin/customers/\(s.adaId)/deactivate\""))
            #expect(adminView.contains("name=\"csrf\""))
            // The agent reads the profile (the new ticket is in the queue) but gets no buttons.
            let agentView = String(buffer: try await env.page(client, "/admin/customers/\(s.adaId)", as: s.agent).body)
            #expect(agentView.contains("Payout delayed"))
            #expect(!agentView.contains("/deactivate") && !agentView.contains("Deactivate"))
            // The agent ticket page links the customer's name to the profile.
            let ticketPage = String(buffer: try await env.page(client, "/agent/tickets/\(s.adaTicket)", as: s.admin).body)
            #expect(ticketPage.contains("<a href=\"/admin/customers/\(s.adaId)\" title=\"Customer profile\">Ada Lovelace</a>"))
            // The API shows the same customer with the ticket.
            let json = try Env.json(try await env.api(client, .get, "/api/v1/customers/\(s.adaId)", as: s.agent))
            let customer = try #require(json["customer"] as? [String: Any])
            #expect(customer["email"] as? String == "ada.lovelace@customer.test" && customer["openTickets"] as? Int == 1)
            #expect(customer["signInMethods"] as? [String] == ["password"])
            #expect((json["recentTickets"] as? [[String: Any]])?.first?["subject"] as? String == "Payout delayed")
        }
    }

    @Test func adminResendsTheConfirmationMail() async throws {
        try await Env.run { client, env in
            let admin = try await env.admin(client)
            try await env.database.register(name: "Una Known", email: "una@customer.test", password: TestData.password)
            let id = try #require(try await env.database.customers(CustomerQuery(search: "una"), for: admin.user!).customers.first?.id)
            let before = try await env.database.outbox(recipient: "una@customer.test").count
            let page = String(buffer: try await env.page(client, "/admin/customers/\(id)", as: admin).body)
            #expect(page.contains("e-mail unconfirmed") && page.contains("Resend confirmation mail"))
            let response = try await env.form(client, "/admin/customers/\(id)/resend-confirmation", [], as: admin)
            #expect(response.status == .seeOther)
            let mails = try await env.database.outbox(recipient: "una@customer.test")
            #expect(mails.count == before + 1 && mails.last?.kind == .confirmEmail)
            // Once confirmed, there is nothing to resend.
            let token = try #require(mails.last?.payloadValues["token"])
            try await env.database.confirmEmail(token: token)
            #expect(try await env.form(client, "/admin/customers/\(id)/resend-confirmation", [], as: admin).status == .conflict)
        }
    }

    // MARK: - Hostile query strings

    @Test(arguments: ["page", "pageSize"])
    func hostileNumbersNameTheField(_ field: String) async throws {
        try await Env.run(corpus: false) { client, env in
            let admin = try await env.admin(client)
            let ada = try await env.customer(client, name: "Ada")
            for value in ["9223372036854775807", "-1", "abc", "0", "1e309", "99999999999999999999999999"] {
                for uri in ["/admin/customers?\(field)=\(value)", "/admin/customers/\(ada.user!.requiredID)?\(field)=\(value)"] {
                    let page = try await env.page(client, uri, as: admin)
                    #expect(page.status == .unprocessableContent, "\(uri)")
                    #expect(String(buffer: page.body).contains("The problem is with the field <strong>\(field)</strong>"), "\(uri)")
                }
                let api = try await env.api(client, .get, "/api/v1/customers?\(field)=\(value)", as: admin)
                #expect(api.status == .unprocessableContent, "API \(field)=\(value)")
                #expect((try Env.json(api)["error"] as? [String: Any])?["field"] as? String == field)
            }
            // The largest accepted values work.
            #expect(try await env.api(client, .get, "/api/v1/customers?page=100000&pageSize=100", as: admin).status == .ok)
        }
    }

    @Test func hostileStringsNameTheField() async throws {
        try await Env.run(corpus: false) { client, env in
            let admin = try await env.admin(client)
            let long = String(repeating: "x", count: 101)
            let cases = [("q", "q=\(long)"), ("sort", "sort=password"), ("sort", "sort="), ("order", "order=sideways")]
            for (field, query) in cases {
                let page = try await env.page(client, "/admin/customers?\(query)", as: admin)
                #expect(page.status == .unprocessableContent, "\(query)")
                #expect(String(buffer: page.body).contains("<strong>\(field)</strong>"), "\(query)")
                let api = try await env.api(client, .get, "/api/v1/customers?\(query)", as: admin)
                #expect(api.status == .unprocessableContent, "API \(query)")
                #expect((try Env.json(api)["error"] as? [String: Any])?["field"] as? String == field)
            }
            // A search at the limit, and one with SQL and markup in it, are just searches.
            let limit = CustomerListView.encode(String(repeating: "é", count: 100))
            #expect(try await env.api(client, .get, "/api/v1/customers?q=\(limit)", as: admin).status == .ok)
            let markup = try await env.page(client, "/admin/customers?q=%27%3B%20DROP%20TABLE%20user%3B%3Cb%3E", as: admin)
            #expect(markup.status == .ok && !String(buffer: markup.body).contains("<b>"))
        }
    }

    /// Where `text` first occurs in `html`.
    func position(_ text: String, in html: String) throws -> String.Index {
        try #require(html.range(of: text)?.lowerBound, "\(text) not found")
    }
}

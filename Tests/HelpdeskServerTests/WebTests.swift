import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

@Suite struct WebTests {
    typealias Env = TestEnvironment

    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func helpCentreSearchAndSolutionPages() async throws {
        try await Env.run { client, env in
            let home = try await env.page(client, "/", as: .anonymous)
            #expect(home.status == .ok)
            #expect(Self.body(home).contains("How can we help?"))
            #expect(Self.body(home).contains("Payout delayed to your bank account"))
            #expect(home.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(home.headers[.xContentTypeOptions] == "nosniff")
            #expect(!Self.body(home).contains("<script>"), "no inline scripts")
            // An anonymous visit without a form starts no session.
            #expect(Env.sessionCookie(home) == nil)

            // Browsers send GET forms with + for spaces.
            let search = try await env.page(client, "/help?q=payout+delayed", as: .anonymous)
            #expect(Self.body(search).contains("<mark>Payout</mark>"))
            #expect(Self.body(search).contains("for “payout delayed”"))
            // Counts read as words do: "1 result", "2 results", never "result(s)".
            #expect(!Self.body(search).contains("(s)"))
            let one = Self.body(try await env.page(client, "/help?q=router+firmware", as: .anonymous))
            #expect(one.contains("1 result for “router firmware”"))
            let solution = try await env.page(client, "/help/solutions/2", as: .anonymous)
            #expect(solution.status == .ok)
            #expect(Self.body(solution).contains("Confirm the bank details"))
            let missing = try await env.page(client, "/help/solutions/999", as: .anonymous)
            #expect(missing.status == .notFound)
            #expect(Self.body(missing).contains("Not found"))
            #expect(try await env.page(client, "/no/such/page", as: .anonymous).status == .notFound)

            let css = try await client.execute(uri: "/assets/app.css", method: .get)
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(try await client.execute(uri: "/assets/app.js", method: .get).status == .ok)
        }
    }

    @Test func helpResultsArePagedWithACountAndStopAtTheFloor() async throws {
        try await Env.run(corpus: false, prepare: { try $0.loadShippedCorpus() }) { client, env in
            // Given the shipped knowledge base, When a visitor searches for something many answers touch
            let q = "payout+bank+account"
            let first = Self.body(try await env.page(client, "/help?q=\(q)", as: .anonymous))
            let total = try #require(
                first.firstMatch(of: /Showing 1–10 of (\d+) results/).flatMap { Int($0.output.1) }, "no count: \(first.prefix(3000))")
            // Then 10 show, with the count, best first, and links to the next pages that keep the search
            #expect(total > 10 && total <= 100)
            #expect(first.components(separatedBy: "class=\"result card\"").count - 1 == 10)
            #expect(first.contains("href=\"/help?q=payout%20bank%20account&amp;page=2\""))
            #expect(first.contains("\(total) results for “payout bank account”"))
            // And the last page holds the rest; a page past the end shows the last one
            let lastNumber = (total + 9) / 10
            for uri in ["/help?q=\(q)&page=\(lastNumber)", "/help?q=\(q)&page=999"] {
                let last = Self.body(try await env.page(client, uri, as: .anonymous))
                #expect(last.contains("Showing \((lastNumber - 1) * 10 + 1)–\(total) of \(total) results"), "\(uri)")
                #expect(last.components(separatedBy: "class=\"result card\"").count - 1 == total - (lastNumber - 1) * 10)
            }
            // And the strong matches say so; the others carry no label (not "Partial match" on nearly every result), and
            // none is weak (below the floor nothing is listed)
            let strong = first.components(separatedBy: "<span class=\"badge match-strong\">Strong match</span>").count - 1
            #expect(strong >= 1 && strong < 10, "\(strong) strong of 10")
            #expect(!first.contains("Partial match") && !first.contains("match-partial"))
            #expect(!first.contains("Weak match"))
            // And a page number that is not one is refused, naming nothing but a client error
            #expect((400..<500).contains(try await env.page(client, "/help?q=\(q)&page=0", as: .anonymous).status.code))
        }
    }

    @Test func registerConfirmLoginAndLogoutThroughForms() async throws {
        try await Env.run(corpus: false) { client, env in
            let invalid = try await env.form(
                client, "/register", [("name", "Nia"), ("email", "nope"), ("password", TestData.password)], as: .anonymous)
            #expect(invalid.status == .unprocessableContent)
            #expect(Self.body(invalid).contains("Enter a valid e-mail address"))
            #expect(Self.body(invalid).contains("value=\"Nia\""))

            let registered = try await env.form(
                client, "/register", [("name", "Nia"), ("email", "nia@customer.test"), ("password", TestData.password)], as: .anonymous)
            #expect(registered.status == .ok)
            #expect(Self.body(registered).contains("Check your inbox"))

            let token = try #require(try await env.database.outbox(recipient: "nia@customer.test").last?.payloadValues["token"])
            let confirm = try await env.page(client, "/confirm?token=\(token)", as: .anonymous)
            #expect(confirm.status == .seeOther)
            #expect(confirm.headers[.location] == "/login")
            let reused = try await env.page(client, "/confirm?token=\(token)", as: .anonymous)
            #expect(reused.status == .badRequest)
            #expect(Self.body(reused).contains("already been used"))

            // Sign in through the form: a new session id replaces the anonymous one.
            let loginPage = try await env.page(client, "/login", as: .anonymous)
            let anonymousCookie = try #require(Env.sessionCookie(loginPage))
            let csrf = try #require(Env.csrfToken(in: Self.body(loginPage)))
            let anonymous = Caller(cookie: anonymousCookie, user: nil, name: "anon")
            let wrong = try await env.form(
                client, "/login", [("email", "nia@customer.test"), ("password", "Wrong-pass-1")], csrf: csrf, as: anonymous)
            #expect(wrong.status == .unauthorized)
            #expect(Self.body(wrong).contains("The e-mail or the password is wrong."))
            let login = try await env.form(
                client, "/login", [("email", "nia@customer.test"), ("password", TestData.password), ("next", "/tickets/new")],
                csrf: csrf, as: anonymous)
            #expect(login.status == .seeOther)
            #expect(login.headers[.location] == "/tickets/new")
            let cookie = try #require(Env.sessionCookie(login))
            #expect(cookie != anonymousCookie)
            let setCookie = try #require(login.headers[values: .setCookie].first { $0.hasPrefix(AppServices.sessionCookie) })
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            let me = Caller(cookie: cookie, user: nil, name: "nia")
            #expect(Self.body(try await env.page(client, "/tickets", as: me)).contains("My requests"))
            // The old anonymous cookie is not signed in.
            #expect(try await env.page(client, "/tickets", as: anonymous).status == .seeOther)

            // The anonymous session was discarded at sign-in: its form token is dead.
            let stale = try await env.form(
                client, "/login", [("email", "nia@customer.test"), ("password", TestData.password)], csrf: csrf, as: anonymous)
            #expect(stale.status == .forbidden)

            // An open redirect is refused.
            let evil = try await env.form(
                client, "/login", [("email", "nia@customer.test"), ("password", TestData.password), ("next", "//evil.example")],
                as: .anonymous)
            #expect(evil.headers[.location] == "/tickets")

            let logout = try await env.form(client, "/logout", [], as: me)
            #expect(logout.status == .seeOther)
            #expect(try await env.page(client, "/tickets", as: me).status == .seeOther)
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Csrf Customer")
            let missing = try await env.form(
                client, "/tickets", [("subject", "a"), ("description", "b")], csrf: nil, as: customer)
            #expect(missing.status == .forbidden)
            #expect(Self.body(missing).contains("This form has expired"))
            let wrong = try await env.form(
                client, "/tickets", [("subject", "a"), ("description", "b")], csrf: "forged", as: customer)
            #expect(wrong.status == .forbidden)
            let anonymousLogin = try await env.form(
                client, "/login", [("email", "a@b.test"), ("password", "x")], csrf: nil, as: .anonymous)
            #expect(anonymousLogin.status == .forbidden)
            let deflection = try await env.form(client, "/deflections", [("solutionId", "1")], csrf: nil, as: customer)
            #expect(deflection.status == .forbidden)
            let admin = try await env.admin(client)
            let agent = try await env.form(
                client, "/admin/agents", [("name", "X"), ("email", "x@staff.test"), ("capacity", "2")], csrf: nil, as: admin)
            #expect(agent.status == .forbidden)
            #expect(try await env.database.tickets(for: customer.user!).total == 0)
        }
    }

    @Test func newComplaintDeflectionAndTicketPage() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Page Customer")
            let newPage = try await env.page(client, "/tickets/new", as: customer)
            #expect(newPage.status == .ok)
            #expect(Self.body(newPage).contains("data-suggest=\"complaint\""))
            #expect(Self.body(newPage).contains("Shop payments"))

            // "This solved my problem": a deflection is recorded and no ticket is created.
            let deflected = try await env.form(
                client, "/deflections", [("solutionId", "2"), ("query", "payout late")], tokenPage: "/tickets/new", as: customer)
            #expect(deflected.status == .ok)
            #expect(Self.body(deflected).contains("Glad that helped"))
            #expect(try await env.database.deflectionCounts()[2] == 1)
            #expect(try await env.database.tickets(for: customer.user!).total == 0)

            let invalid = try await env.form(
                client, "/tickets", [("subject", ""), ("description", "x"), ("categoryId", ""), ("priority", "normal")], as: customer)
            #expect(invalid.status == .unprocessableContent)
            #expect(Self.body(invalid).contains("field-error"))

            let created = try await env.form(
                client, "/tickets",
                [("subject", "<script>alert(1)</script> payout"), ("description", "Payout missing & late"),
                 ("categoryId", "shop-payments"), ("priority", "high")],
                as: customer)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let page = try await env.page(client, location, as: customer)
            let html = Self.body(page)
            #expect(page.status == .ok)
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; payout"))
            #expect(!html.contains("<script>alert(1)"))
            #expect(html.contains("Payout missing &amp; late"))
            #expect(html.contains("We received your request"))

            let list = try await env.page(client, "/tickets", as: customer)
            #expect(Self.body(list).contains("&lt;script&gt;"))
        }
    }

    @Test func agentConsoleResolvesAndTheCustomerJudges() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Judge Customer")
            let agent = try await env.agent(client, name: "Console Agent")
            let id = try await env.ticket(client, by: customer, subject: "Payout delayed again", description: "No payout to my bank.")

            let queue = try await env.page(client, "/agent?view=unassigned", as: agent)
            #expect(Self.body(queue).contains("Payout delayed again"))
            let search = try await env.page(client, "/agent?q=payout", as: agent)
            #expect(Self.body(search).contains("Payout delayed again"))

            #expect(try await env.form(client, "/agent/tickets/\(id)/take", [], as: agent).status == .seeOther)
            let mine = try await env.page(client, "/agent?view=mine", as: agent)
            #expect(Self.body(mine).contains("Payout delayed again"))

            let page = try await env.page(client, "/agent/tickets/\(id)", as: agent)
            let html = Self.body(page)
            #expect(html.contains("Stored solutions"))
            #expect(html.contains("Use this solution"))
            #expect(html.contains("<mark>Payout</mark>"))

            #expect(try await env.form(client, "/agent/tickets/\(id)/reply", [("body", "Checking the bank side."), ("internal", "on")], as: agent).status == .seeOther)
            #expect(try await env.form(client, "/agent/tickets/\(id)/reply", [("body", "We are on it.")], as: agent).status == .seeOther)
            #expect(try await env.form(client, "/agent/tickets/\(id)/status", [("status", "waitingOnCustomer")], as: agent).status == .seeOther)
            let bad = try await env.form(client, "/agent/tickets/\(id)/status", [("status", "flying")], as: agent)
            #expect(bad.status == .unprocessableContent)
            #expect(Self.body(bad).contains("status"))

            let customerView = Self.body(try await env.page(client, "/tickets/\(id)", as: customer))
            #expect(customerView.contains("We are on it."))
            #expect(!customerView.contains("Checking the bank side."))

            #expect(try await env.form(client, "/agent/tickets/\(id)/resolve", [("solutionId", "2")], as: agent).status == .seeOther)
            let resolved = Self.body(try await env.page(client, "/tickets/\(id)", as: customer))
            #expect(resolved.contains("Resolved"))
            #expect(resolved.contains("Payout delayed to your bank account"))
            #expect(resolved.contains("Did this solve it?"))

            #expect(try await env.form(client, "/tickets/\(id)/verdict", [("verdict", "solved")], as: customer).status == .seeOther)
            let closed = Self.body(try await env.page(client, "/tickets/\(id)", as: customer))
            #expect(closed.contains("Closed"))
            #expect(closed.contains("You told us this solved it"))
        }
    }

    @Test("a new solution an agent writes waits for a colleague's or an admin's approval before the help centre shows it")
    func newSolutionsWaitForReview() async throws {
        var arguments = TestArguments()
        arguments.newSolutionsNeedReview = true
        try await Env.run(arguments) { client, env in
            let customer = try await env.customer(client, name: "Review Customer")
            let admin = try await env.admin(client)
            let grace = try await env.agent(client, name: "Grace Writer")
            let ada = try await env.agent(client, name: "Ada Reviewer")
            let id = try await env.ticket(client, by: customer, subject: "Kettle whistles twice", description: "It whistles twice.")
            _ = try await env.form(client, "/agent/tickets/\(id)/assign", [("agentId", "\(grace.user!.requiredID)")],
                                   tokenPage: "/agent/tickets/\(id)", as: admin)
            // Given the agent's ticket page, Then the form proposes the solution for the help centre and says who approves
            let ticketPage = Self.body(try await env.page(client, "/agent/tickets/\(id)", as: grace))
            #expect(ticketPage.contains("Propose for the help centre"))
            #expect(ticketPage.contains("An admin or another agent approves it"))
            // When she resolves with a new solution
            let resolved = try await env.form(
                client, "/agent/tickets/\(id)/resolve",
                [("title", "Descale the kettle whistle"), ("steps", "Soak the whistle in vinegar"), ("publish", "on")],
                tokenPage: "/agent/tickets/\(id)", as: grace)
            #expect(resolved.status == .seeOther)
            let solution = try #require(try await env.database.ticketDetail(id: id, for: admin.user!).solutions.first)
            // Then the customer got it, but the help centre does not show it yet
            #expect(!solution.isPublished)
            #expect(!Self.body(try await env.page(client, "/help?q=kettle+whistle+descale", as: .anonymous)).contains("Descale"))
            // And the library lists it as not in the help centre; its author sees no approval button and cannot approve
            let library = Self.body(try await env.page(client, "/agent/solutions?review=1", as: grace))
            #expect(library.contains("Not in the help centre (1)") && library.contains("Descale the kettle whistle"))
            // A visitor or a customer cannot learn that the draft exists by reporting it opened; staff can open it
            let draft = ["solutionId": Int(solution.requiredID)]
            #expect(try await env.api(client, .post, "/api/v1/suggestions/opened", json: draft, as: .anonymous).status == .notFound)
            #expect(try await env.api(client, .post, "/api/v1/suggestions/opened", json: draft, as: customer).status == .notFound)
            #expect(try await env.api(client, .post, "/api/v1/suggestions/opened", json: draft, as: ada).status == .noContent)
            let own = Self.body(try await env.page(client, "/agent/solutions/\(solution.requiredID)", as: grace))
            #expect(!own.contains("Approve and publish"))
            let refused = try await env.form(
                client, "/agent/solutions/\(solution.requiredID)/approve", [],
                tokenPage: "/agent/solutions/\(solution.requiredID)", as: grace)
            #expect(refused.status == .forbidden)
            // When a colleague approves it
            let theirs = Self.body(try await env.page(client, "/agent/solutions/\(solution.requiredID)", as: ada))
            #expect(theirs.contains("Approve and publish"))
            let approved = try await env.form(
                client, "/agent/solutions/\(solution.requiredID)/approve", [],
                tokenPage: "/agent/solutions/\(solution.requiredID)", as: ada)
            #expect(approved.status == .seeOther)
            // Then the help centre shows it
            #expect(Self.body(try await env.page(client, "/help?q=kettle+whistle+descale", as: .anonymous)).contains("Descale"))
            // And the library no longer offers an empty "Not in the help centre" list; that list still leads back
            let list = Self.body(try await env.page(client, "/agent/solutions", as: grace))
            #expect(list.contains("Descale the kettle whistle") && !list.contains("Not in the help centre"))
            let emptyReview = Self.body(try await env.page(client, "/agent/solutions?review=1", as: grace))
            #expect(emptyReview.contains("Not in the help centre (0)") && emptyReview.contains("href=\"/agent/solutions\""))
            // And customers cannot reach the approval at all
            let customerTry = try await env.form(client, "/agent/solutions/\(solution.requiredID)/approve", [], as: customer)
            #expect(customerTry.status == .notFound || customerTry.status == .forbidden)
        }
    }

    @Test("a stored solution is adapted to the customer before it is sent; the reuse still counts, the stored text stays")
    func editableReuse() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Adapt Customer")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer, subject: "Payout delayed", description: "No payout to my bank.")
            let stored = try await env.database.solution(id: 2, for: admin.user!)

            // When the admin picks "Use this solution", the resolution form opens with its text, nothing is sent yet
            let page = Self.body(try await env.page(client, "/agent/tickets/\(id)?reuse=2", as: admin))
            let escaped = { (text: String) in
                text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                    .replacingOccurrences(of: "'", with: "&#39;")
            }
            #expect(page.contains("Resolve with “\(escaped(stored.title))”"))
            #expect(page.contains("name=\"text\""))
            #expect(page.contains(escaped(AppDatabase.resolutionText(stored))), "the textarea holds the stored text")
            #expect(try await env.database.ticket(id: id, for: admin.user!).status.isOpen)

            // And sends it adapted to this customer
            let adapted = "Hello Adapt, your bank needs three working days.\n\n1. Check the IBAN on your profile."
            let sent = try await env.form(
                client, "/agent/tickets/\(id)/resolve", [("solutionId", "2"), ("text", adapted.replacingOccurrences(of: "\n", with: "\r\n"))],
                tokenPage: "/agent/tickets/\(id)", as: admin)
            #expect(sent.status == .seeOther)

            // Then the customer reads the adapted text, in the thread and in the mail
            let view = Self.body(try await env.page(client, "/tickets/\(id)", as: customer))
            #expect(view.contains("your bank needs three working days"))
            let mail = try #require(try await env.database.outbox(recipient: customer.user!.email).last { $0.kind == .ticketResolved })
            #expect(mail.body.contains(adapted))

            // And the ticket counts as a reuse of the stored solution, whose own text is unchanged
            let after = try await env.database.solution(id: 2, for: admin.user!)
            #expect(after.reuseCount == stored.reuseCount + 1)
            #expect(after.steps == stored.steps && after.title == stored.title && after.supersededById == nil)
            #expect(try await env.database.ticketDetail(id: id, for: admin.user!).solutions.map(\.id) == [2])

            // An empty adaptation is refused, naming the field; an adapted text without a stored solution too (API)
            let other = try await env.ticket(client, by: customer, subject: "Payout again", description: "Still nothing.")
            let empty = try await env.form(
                client, "/agent/tickets/\(other)/resolve", [("solutionId", "2"), ("text", "  ")], tokenPage: "/agent/tickets/\(other)",
                as: admin)
            #expect(empty.status == .unprocessableContent)
            let api = try await env.api(client, .post, "/api/v1/tickets/\(other)/resolve", json: ["text": "Hi"], as: admin)
            #expect(api.status == .unprocessableContent)
            #expect(Self.body(api).contains("\"field\":\"text\""))
            let viaAPI = try await env.api(
                client, .post, "/api/v1/tickets/\(other)/resolve", json: ["solutionId": 2, "text": "Adapted through the API."], as: admin)
            #expect(viaAPI.status == .ok)
            #expect(Self.body(try await env.page(client, "/tickets/\(other)", as: customer)).contains("Adapted through the API."))
        }
    }

    @Test("a refused reply or resolution comes back on the same page with the reason beside the form and nothing typed lost")
    func errorsInPlace() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Long Customer")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer, subject: "Payout delayed", description: "No payout to my bank.")
            let tooLong = "Details " + String(repeating: "x", count: 20_001)

            // A customer's message over the limit: the ticket page again, 422, the words kept, no bare error page
            let customerReply = try await env.form(
                client, "/tickets/\(id)/reply", [("body", tooLong)], tokenPage: "/tickets/\(id)", as: customer)
            #expect(customerReply.status == .unprocessableContent)
            let customerPage = Self.body(customerReply)
            #expect(customerPage.contains("Use at most 20000 characters."))
            #expect(customerPage.contains("id=\"body\"") && customerPage.contains(String(repeating: "x", count: 200)))
            #expect(customerPage.contains("data-max=\"20000\"") && !customerPage.contains("maxlength=\"20000\""))

            // An agent's empty reply: the same
            let empty = try await env.form(
                client, "/agent/tickets/\(id)/reply", [("body", "   ")], tokenPage: "/agent/tickets/\(id)", as: admin)
            #expect(empty.status == .unprocessableContent)
            #expect(Self.body(empty).contains("This cannot be empty.") && Self.body(empty).contains("Stored solutions"))

            // A new solution without steps: the form again with its title and category kept
            let noSteps = try await env.form(
                client, "/agent/tickets/\(id)/resolve", [("title", "Check the IBAN first"), ("steps", " "), ("categoryId", "")],
                tokenPage: "/agent/tickets/\(id)", as: admin)
            #expect(noSteps.status == .unprocessableContent)
            #expect(Self.body(noSteps).contains("value=\"Check the IBAN first\""))
            #expect(Self.body(noSteps).contains("role=\"alert\"") && Self.body(noSteps).contains("Resolve with a new solution"))

            // An adapted solution over the limit: the adaptation form again, holding what was typed
            let adapted = try await env.form(
                client, "/agent/tickets/\(id)/resolve", [("solutionId", "2"), ("text", tooLong)],
                tokenPage: "/agent/tickets/\(id)", as: admin)
            #expect(adapted.status == .unprocessableContent)
            #expect(Self.body(adapted).contains("id=\"reuse-text\"") && Self.body(adapted).contains(String(repeating: "x", count: 200)))

            // And nothing was stored: the ticket is open, with only its description
            let detail = try await env.database.ticketDetail(id: id, for: admin.user!)
            #expect(detail.ticket.status.isOpen && detail.messages.isEmpty && detail.solutions.isEmpty)
        }
    }

    @Test("the solutions library counts every solution and pages through them, 30 at a time")
    func solutionsLibraryPages() async throws {
        try await Env.run { client, env in
            let admin = try await env.admin(client)
            let before = try await env.database.currentSolutionCount(includeUnpublished: true)
            for number in 1...35 {
                _ = try await env.database.createSolution(
                    by: admin.user!, SolutionDraft(title: "Stored answer \(number)", steps: ["Step \(number)."]))
            }
            let total = before + 35

            let first = Self.body(try await env.page(client, "/agent/solutions", as: admin))
            #expect(first.contains("Showing 1–30 of \(total) solutions"))
            #expect(first.contains("href=\"/agent/solutions?page=2\" rel=\"next\""))
            #expect(first.components(separatedBy: "class=\"result card\"").count - 1 == 30)

            let second = Self.body(try await env.page(client, "/agent/solutions?page=2", as: admin))
            #expect(second.contains("Showing 31–\(total) of \(total) solutions"))
            #expect(second.contains("href=\"/agent/solutions\" rel=\"prev\""))
            #expect(second.components(separatedBy: "class=\"result card\"").count - 1 == total - 30)

            // A page past the end shows the last one; a page that is not a number, the first
            #expect(Self.body(try await env.page(client, "/agent/solutions?page=999999999999", as: admin)).contains("Showing 31–"))
            #expect(Self.body(try await env.page(client, "/agent/solutions?page=-3", as: admin)).contains("Showing 1–30"))
        }
    }

    @Test func verdictLinkFromTheResolutionMail() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Mail Customer")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer)
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["auto": true], as: admin)
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solutionId": 2], as: admin)
            let mail = try #require(try await env.database.outbox(recipient: customer.user!.email).last { $0.kind == .ticketResolved })
            let path = try #require(mail.payloadValues["notSolvedPath"])
            // Opening the link changes nothing; it shows the question with the answer preselected.
            let page = try await env.page(client, path, as: .anonymous)
            #expect(page.status == .ok)
            #expect(try await env.database.ticket(id: id, for: admin.user!).status == .resolved)
            let cookie = Env.sessionCookie(page)
            let csrf = try #require(Env.csrfToken(in: Self.body(page)))
            let token = try #require(mail.payloadValues["token"])
            let visitor = Caller(cookie: cookie, user: nil, name: "mail")
            let answered = try await env.form(client, "/verdict", [("token", token), ("verdict", "notSolved")], csrf: csrf, as: visitor)
            #expect(answered.status == .ok)
            #expect(Self.body(answered).contains("reopened"))
            #expect(try await env.database.ticket(id: id, for: admin.user!).status == .assigned)
            let reused = try await env.form(client, "/verdict", [("token", token), ("verdict", "solved")], csrf: csrf, as: visitor)
            #expect(reused.status == .badRequest)
        }
    }

    @Test func solutionsLibraryCreatesAndRevises() async throws {
        try await Env.run { client, env in
            let agent = try await env.agent(client, name: "Library Agent")
            let list = try await env.page(client, "/agent/solutions?q=router", as: agent)
            #expect(Self.body(list).contains("<mark>Router</mark>"))
            let invalid = try await env.form(client, "/agent/solutions", [("title", ""), ("steps", "")], as: agent)
            #expect(invalid.status == .unprocessableContent)
            let created = try await env.form(
                client, "/agent/solutions", [("title", "Reset a Lumo plug"), ("steps", "1. Hold the button\n2. Wait for blue"),
                                             ("categoryId", "devices"), ("publish", "on")], as: agent)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let page = Self.body(try await env.page(client, location, as: agent))
            #expect(page.contains("Hold the button"))
            #expect(!page.contains("1. Hold"))
            let revised = try await env.form(
                client, location, [("title", "Reset a Lumo smart plug"), ("steps", "Hold the button for 10 s"), ("categoryId", "devices"),
                                   ("publish", "on")], as: agent)
            #expect(revised.status == .seeOther)
            #expect(revised.headers[.location] != location)
            let old = Self.body(try await env.page(client, location, as: agent))
            #expect(old.contains("A newer version exists"))
        }
    }

    @Test func adminCreatesAgentsAndAssigns() async throws {
        try await Env.run { client, env in
            let admin = try await env.admin(client)
            let customer = try await env.customer(client, name: "Queue Customer")
            let invalid = try await env.form(client, "/admin/agents", [("name", "Gus"), ("email", "gus"), ("capacity", "3")], as: admin)
            #expect(invalid.status == .unprocessableContent)
            #expect(Self.body(invalid).contains("Enter a valid e-mail address"))
            let badCapacity = try await env.form(client, "/admin/agents", [("name", "Gus"), ("email", "gus@staff.test"), ("capacity", "lots")], as: admin)
            #expect(badCapacity.status == .unprocessableContent)

            let created = try await env.form(
                client, "/admin/agents", [("name", "Gus Agent"), ("email", "gus@staff.test"), ("capacity", "3"), ("skills", "devices"),
                                          ("skills", "shop-payments")], as: admin)
            #expect(created.status == .seeOther)
            let invitation = try #require(try await env.database.outbox(recipient: "gus@staff.test").last)
            #expect(invitation.kind == .agentInvitation)
            let token = try #require(invitation.payloadValues["token"])

            // The invitation link sets the password through the reset page.
            let resetPage = try await env.page(client, "/reset-password?token=\(token)", as: .anonymous)
            let resetCookie = Env.sessionCookie(resetPage)
            let csrf = try #require(Env.csrfToken(in: Self.body(resetPage)))
            let visitor = Caller(cookie: resetCookie, user: nil, name: "gus")
            let mismatch = try await env.form(
                client, "/reset-password", [("token", token), ("password", TestData.password), ("confirm", "other")], csrf: csrf, as: visitor)
            #expect(mismatch.status == .unprocessableContent)
            let set = try await env.form(
                client, "/reset-password", [("token", token), ("password", TestData.password), ("confirm", TestData.password)],
                csrf: csrf, as: visitor)
            #expect(set.status == .seeOther)
            let gus = try await env.signIn(client, email: "gus@staff.test", password: TestData.password)

            let agents = Self.body(try await env.page(client, "/admin/agents", as: admin))
            #expect(agents.contains("Gus Agent"))
            // A long address wraps at its "@", not inside a word.
            #expect(agents.contains(#"<div class="muted small">gus<wbr>@staff.test</div>"#))
            let gusId = gus.user!.requiredID
            let edit = try await env.form(
                client, "/admin/agents/\(gusId)", [("name", "Gus Agent"), ("email", "gus@staff.test"), ("capacity", "4"), ("skills", "devices")],
                as: admin)
            #expect(edit.status == .seeOther)
            #expect(try await env.database.user(id: gusId).capacity == 4)

            let id = try await env.ticket(client, by: customer)
            let assignment = Self.body(try await env.page(client, "/admin/assignment", as: admin))
            #expect(assignment.contains("#\(id)"))
            // Nobody has resolved a ticket yet: the screen says so and ranks by the declared skill, in words, no scores.
            #expect(assignment.contains("No agent has resolved a similar ticket"))
            #expect(assignment.contains("no similar history"))
            #expect(assignment.contains("skill: Shop payments"))
            #expect(!assignment.contains("%</span>"))
            let assigned = try await env.form(
                client, "/agent/tickets/\(id)/assign", [("agentId", "\(gusId)"), ("back", "/admin/assignment")], as: admin)
            #expect(assigned.status == .seeOther)
            #expect(assigned.headers[.location] == "/admin/assignment")
            #expect(try await env.database.ticket(id: id, for: admin.user!).assigneeId == gusId)

            let second = try await env.ticket(client, by: customer)
            #expect(try await env.form(client, "/admin/assignment/auto", [], as: admin).status == .seeOther)
            #expect(try await env.database.ticket(id: second, for: admin.user!).assigneeId != nil)

            // Deactivation returns the tickets to the queue and ends the agent's sessions.
            #expect(try await env.form(client, "/admin/agents/\(gusId)/deactivate", [], as: admin).status == .seeOther)
            #expect(try await env.database.ticket(id: id, for: admin.user!).assigneeId == nil)
            #expect(try await env.page(client, "/agent", as: gus).status == .seeOther)
        }
    }

    @Test func forgotPasswordAnswersTheSameForUnknownAddresses() async throws {
        try await Env.run(corpus: false) { client, env in
            let known = try await env.form(client, "/forgot-password", [("email", "admin@care.test")], as: .anonymous)
            let unknown = try await env.form(client, "/forgot-password", [("email", "ghost@care.test")], as: .anonymous)
            #expect(known.status == .ok)
            #expect(unknown.status == .ok)
            #expect(Self.body(known).contains("Check your inbox"))
            #expect(Self.body(unknown).contains("Check your inbox"))
            #expect(try await env.database.outbox(recipient: "admin@care.test").last?.kind == .passwordReset)
            let invalid = try await env.form(client, "/forgot-password", [("email", "nope")], as: .anonymous)
            #expect(invalid.status == .unprocessableContent)
        }
    }

    @Test func sessionsLiveInTheDatabase() async throws {
        let database = try AppDatabase.inMemory(configuration: HelpdeskConfiguration(bcryptCost: 4))
        let driver = DatabasePersistDriver(database: database)
        let session = WebSession(userId: nil, csrfToken: "t1")
        try await driver.set(key: "hbs.abc", value: session, expires: .seconds(3_600))
        #expect(try await driver.get(key: "hbs.abc", as: WebSession.self) == session)
        let ttl = try #require(try await driver.getWithTTL(key: "hbs.abc", as: WebSession.self)?.ttl)
        #expect(ttl <= .seconds(3_600) && ttl > .seconds(3_000))
        // Updating without an expiry keeps the old one.
        try await driver.set(key: "hbs.abc", value: WebSession(userId: nil, csrfToken: "t2"), expires: nil)
        #expect(try await driver.get(key: "hbs.abc", as: WebSession.self)?.csrfToken == "t2")
        #expect(try await driver.getWithTTL(key: "hbs.abc", as: WebSession.self)?.ttl ?? .zero > .seconds(3_000))
        await #expect(throws: PersistError.duplicate) {
            try await driver.create(key: "hbs.abc", value: session, expires: nil)
        }
        // Only the hash of the id is stored: another driver over the same database (a restart) still finds it.
        let restarted = DatabasePersistDriver(database: database)
        #expect(try await restarted.get(key: "hbs.abc", as: WebSession.self)?.csrfToken == "t2")
        try await restarted.remove(key: "hbs.abc")
        #expect(try await driver.get(key: "hbs.abc", as: WebSession.self) == nil)
        try await driver.set(key: "hbs.old", value: session, expires: .seconds(-1))
        #expect(try await driver.get(key: "hbs.old", as: WebSession.self) == nil)
    }
}

import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// The one-button actions of the ticket pages when someone else was quicker or the ticket moved on: the browser goes
/// back to the ticket page (303) and reads in plain words what happened, beside the actions; nothing changes in the
/// store; the JSON API keeps its `{"error": {code, message, field}}` answers.
@Suite struct TicketActionConflictTests {
    typealias Env = TestEnvironment

    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// Posts a one-button form and checks the answer: 303 back to `back`, the store as it was; returns the page the
    /// browser shows next.
    static func refused(
        _ client: some TestClientProtocol, _ env: Env, _ uri: String, _ fields: [(String, String)] = [], back: String,
        as caller: Caller, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let token = try #require(Env.csrfToken(in: body(try await env.page(client, back, as: caller))))
        let before = try env.database.fingerprint()
        let response = try await env.form(client, uri, fields, csrf: token, as: caller)
        #expect(response.status == .seeOther, sourceLocation: sourceLocation)
        #expect(response.headers[.location] == back, sourceLocation: sourceLocation)
        #expect(try env.database.fingerprint() == before, "a refused action changed the store", sourceLocation: sourceLocation)
        let page = try await env.page(client, back, as: caller)
        #expect(page.status == .ok, sourceLocation: sourceLocation)
        let html = body(page)
        #expect(html.contains("action-notice"), "the notice is not beside the actions", sourceLocation: sourceLocation)
        #expect(!html.contains("Cannot move a ticket"), sourceLocation: sourceLocation)
        return html
    }

    /// The JSON error body's `error` object.
    static func apiError(_ response: TestResponse) throws -> [String: Any] {
        try #require(try Env.json(response)["error"] as? [String: Any])
    }

    @Test("taking a ticket another agent took a moment ago names who took it; the API keeps its error answer")
    func takeConflict() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Tara Taken")
            let bea = try await env.agent(client, name: "Bea Quick")
            let carl = try await env.agent(client, name: "Carl Slow")
            let dan = try await env.agent(client, name: "Dan Never")
            let id = try await env.ticket(client, by: customer)
            let back = "/agent/tickets/\(id)"
            let seen = Self.body(try await env.page(client, back, as: carl))
            #expect(seen.contains("Take this ticket"))
            let token = try #require(Env.csrfToken(in: seen))

            // The API: a second taker is refused with the error shape.
            #expect(try await env.form(client, "\(back)/take", [], as: bea).status == .seeOther)
            let api = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["agentId": carl.user!.requiredID], as: carl)
            #expect(api.status == .notFound)
            let error = try Self.apiError(api)
            #expect(error["code"] as? String == "notFound")
            #expect(error.keys.sorted() == ["code", "field", "message"])

            // Carl's page is older than Bea's click: the ticket left his queue, and he reads who took it.
            let before = try env.database.fingerprint()
            let late = try await env.form(client, "\(back)/take", [], csrf: token, as: carl)
            #expect(late.status == .seeOther)
            #expect(late.headers[.location] == "/agent")
            #expect(try env.database.fingerprint() == before)
            let queue = Self.body(try await env.page(client, "/agent", as: carl))
            #expect(queue.contains("Bea Quick took ticket #\(id) a moment ago."))
            #expect(queue.contains("flash refused"))
            #expect(try await env.database.ticket(id: id, for: bea.user!).assigneeId == bea.user!.id)
            // The notice is read once.
            #expect(!Self.body(try await env.page(client, "/agent", as: carl)).contains("a moment ago"))

            // An agent who never opened the ticket learns nothing: 404 as before.
            #expect(try await env.form(client, "\(back)/take", [], as: dan).status == .notFound)
        }
    }

    @Test("a status button on a ticket an admin gave to a colleague meanwhile: back to the queue, with who holds it")
    func reassignedMeanwhile() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Rita Reassigned")
            let admin = try await env.admin(client)
            let bea = try await env.agent(client, name: "Bea Before")
            let carl = try await env.agent(client, name: "Carl After")
            let id = try await env.ticket(client, by: customer)
            let back = "/agent/tickets/\(id)"
            #expect(try await env.form(client, "\(back)/take", [], as: bea).status == .seeOther)
            let token = try #require(Env.csrfToken(in: Self.body(try await env.page(client, back, as: bea))))
            #expect(try await env.form(client, "\(back)/assign", [("agentId", "\(carl.user!.requiredID)")], as: admin).status == .seeOther)

            let before = try env.database.fingerprint()
            let late = try await env.form(client, "\(back)/status", [("status", "inProgress")], csrf: token, as: bea)
            #expect(late.status == .seeOther)
            #expect(late.headers[.location] == "/agent")
            #expect(try env.database.fingerprint() == before)
            #expect(Self.body(try await env.page(client, "/agent", as: bea)).contains("Ticket #\(id) is held by Carl After now, so it left your queue."))
            #expect(try await env.database.ticket(id: id, for: admin.user!).status == .assigned)
        }
    }

    @Test("taking a ticket that an admin assigned to the taker meanwhile says it is already theirs")
    func takeAlreadyYours() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Yuri Yours")
            let admin = try await env.admin(client)
            let bea = try await env.agent(client, name: "Bea Mine")
            let id = try await env.ticket(client, by: customer)
            let back = "/agent/tickets/\(id)"
            #expect(try await env.form(client, "\(back)/assign", [("agentId", "\(bea.user!.requiredID)")], as: admin).status == .seeOther)

            let html = try await Self.refused(client, env, "\(back)/take", back: back, as: bea)
            #expect(html.contains("This ticket is already yours."))
            #expect(html.components(separatedBy: "already yours").count == 2, "the notice is shown once")

            // The API answers the same take with its error shape, as before.
            let api = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["agentId": bea.user!.requiredID], as: bea)
            #expect(api.status == .conflict)
            let error = try Self.apiError(api)
            #expect(error["code"] as? String == "conflict")
            #expect(error["message"] as? String == "Another agent already holds this ticket.")
            #expect(error["field"] is NSNull)
        }
    }

    @Test("assigning to an agent at capacity says so on the ticket page, or on the assignment page it came from")
    func assignConflict() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Fiona Full")
            let admin = try await env.admin(client)
            let dee = try await env.agent(client, name: "Dee Busy", capacity: 1)
            let first = try await env.ticket(client, by: customer)
            let second = try await env.ticket(client, by: customer, subject: "Card declined")
            #expect(try await env.form(client, "/agent/tickets/\(first)/assign", [("agentId", "\(dee.user!.requiredID)")], as: admin).status == .seeOther)

            let back = "/agent/tickets/\(second)"
            let html = try await Self.refused(
                client, env, "\(back)/assign", [("agentId", "\(dee.user!.requiredID)")], back: back, as: admin)
            #expect(html.contains("Dee Busy has no room for another ticket"))
            #expect(html.contains("Choose another agent."))
            #expect(try await env.database.ticket(id: second, for: admin.user!).assigneeId == nil)

            // The API answers the same refusal with its error shape.
            let api = try await env.api(
                client, .post, "/api/v1/tickets/\(second)/assign", json: ["agentId": dee.user!.requiredID], as: admin)
            #expect(api.status == .conflict)
            #expect(try Self.apiError(api)["code"] as? String == "conflict")

            // From the assignment page, the refusal goes back there, with the notice at the top.
            let token = try #require(Env.csrfToken(in: Self.body(try await env.page(client, "/admin/assignment", as: admin))))
            let fromList = try await env.form(
                client, "\(back)/assign", [("agentId", "\(dee.user!.requiredID)"), ("back", "/admin/assignment")], csrf: token,
                as: admin)
            #expect(fromList.status == .seeOther)
            #expect(fromList.headers[.location] == "/admin/assignment")
            #expect(Self.body(try await env.page(client, "/admin/assignment", as: admin)).contains("Dee Busy has no room"))
        }
    }

    @Test("auto-assign when every active agent is full: the ticket stays queued, and each way of asking says why")
    func autoAssignWhenEveryoneIsFull() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Gina Queued")
            let admin = try await env.admin(client)
            let only = try await env.agent(client, name: "Ivy Full", capacity: 1)
            // Ivy is the one active agent, and she is full
            let first = try await env.ticket(client, by: customer)
            #expect(try await env.form(client, "/agent/tickets/\(first)/assign", [("agentId", "\(only.user!.requiredID)")], as: admin).status == .seeOther)
            for agent in try await env.database.agents(for: admin.user!) where agent.agent.isActive && agent.agent.id != only.user!.id {
                _ = try await env.database.deactivateAgent(id: agent.agent.requiredID, by: admin.user!)
            }
            let second = try await env.ticket(client, by: customer, subject: "Card declined", description: "My card is declined.")

            // The ticket page's auto-assign button: back to the ticket, the reason beside the actions, nothing changed.
            let back = "/agent/tickets/\(second)"
            let html = try await Self.refused(client, env, "\(back)/assign", [("auto", "1")], back: back, as: admin)
            #expect(html.contains("Every active agent is at capacity, so nobody was assigned."))
            #expect(try await env.database.ticket(id: second, for: admin.user!).assigneeId == nil)

            // The API answers a conflict with its error shape.
            let api = try await env.api(client, .post, "/api/v1/tickets/\(second)/assign", json: ["auto": true], as: admin)
            #expect(api.status == .conflict)
            #expect(try Self.apiError(api)["code"] as? String == "conflict")

            // "Auto-assign all" on the assignment page says how many are left and why.
            let token = try #require(Env.csrfToken(in: Self.body(try await env.page(client, "/admin/assignment", as: admin))))
            let all = try await env.form(client, "/admin/assignment/auto", [], csrf: token, as: admin)
            #expect(all.headers[.location] == "/admin/assignment")
            let page = Self.body(try await env.page(client, "/admin/assignment", as: admin))
            #expect(page.contains("Assigned 0 tickets by expertise."))
            #expect(page.contains("left: no agent has room."))
            #expect(try await env.database.ticket(id: second, for: admin.user!).assigneeId == nil)
        }
    }

    @Test("status changes the workflow refuses now: already closed, resolved a moment ago, not the agent's to close")
    func statusConflicts() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Sam Status")
            let admin = try await env.admin(client)
            let bea = try await env.agent(client, name: "Bea Handler")
            let id = try await env.ticket(client, by: customer)
            let back = "/agent/tickets/\(id)"
            #expect(try await env.form(client, "\(back)/take", [], as: bea).status == .seeOther)

            // An agent's "close" on an assigned ticket: the workflow's reason in plain words, not its step names.
            var html = try await Self.refused(client, env, "\(back)/status", [("status", "closed")], back: back, as: bea)
            #expect(html.contains("This ticket is assigned now. Only the customer or an admin can close an unresolved ticket."))
            #expect(try await env.database.ticket(id: id, for: bea.user!).status == .assigned)

            // Resolved by an admin meanwhile; the agent's older page still offers "Wait on customer".
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solutionId": 2], as: admin)
            html = try await Self.refused(
                client, env, "\(back)/status", [("status", "waitingOnCustomer")], back: back, as: bea)
            #expect(html.contains("This ticket was resolved a moment ago; reopen it first."))
            #expect(try await env.database.ticket(id: id, for: bea.user!).status == .resolved)

            // Closed twice (two tabs).
            #expect(try await env.form(client, "\(back)/status", [("status", "closed")], as: admin).status == .seeOther)
            html = try await Self.refused(client, env, "\(back)/status", [("status", "closed")], back: back, as: admin)
            #expect(html.contains("This ticket is already closed."))

            // The API answers a resolution of the closed ticket with its error shape, as before.
            let api = try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solutionId": 2], as: admin)
            #expect(api.status == .conflict)
            let error = try Self.apiError(api)
            #expect(error["code"] as? String == "invalidTransition")
            #expect(error.keys.sorted() == ["code", "field", "message"])
        }
    }

    @Test("the customer's close, reopen and verdict buttons on a request that moved on")
    func customerConflicts() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Cleo Customer")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer)
            let back = "/tickets/\(id)"
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["auto": true], as: admin)
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solutionId": 2], as: admin)

            // "No" in one tab, then "Yes" in an older one.
            #expect(try await env.form(client, "\(back)/verdict", [("verdict", "notSolved")], as: customer).status == .seeOther)
            var html = try await Self.refused(client, env, "\(back)/verdict", [("verdict", "solved")], back: back, as: customer)
            #expect(html.contains("This request was reopened, so it no longer waits for your answer."))
            #expect(try await env.database.ticket(id: id, for: admin.user!).status == .assigned)

            // "Reopen" on a request that is open again.
            html = try await Self.refused(client, env, "\(back)/reopen", back: back, as: customer)
            #expect(html.contains("This request is already open; we are working on it."))

            // "Close request" twice.
            #expect(try await env.form(client, "\(back)/close", [], as: customer).status == .seeOther)
            html = try await Self.refused(client, env, "\(back)/close", back: back, as: customer)
            #expect(html.contains("This request is already closed."))
            #expect(try await env.database.ticket(id: id, for: admin.user!).status == .closed)
        }
    }

    @Test("an older mail's \"yes, solved\" link after the customer said no on the page explains what happened")
    func staleVerdictLink() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Lena Link")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer)
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["auto": true], as: admin)
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solutionId": 2], as: admin)
            let mail = try #require(try await env.database.outbox(recipient: customer.user!.email).last { $0.kind == .ticketResolved })
            let token = try #require(mail.payloadValues["token"])
            #expect(try await env.form(client, "/tickets/\(id)/verdict", [("verdict", "notSolved")], as: customer).status == .seeOther)

            let page = try await env.page(client, try #require(mail.payloadValues["solvedPath"]), as: .anonymous)
            let visitor = Caller(cookie: Env.sessionCookie(page), user: nil, name: "mail")
            let csrf = try #require(Env.csrfToken(in: Self.body(page)))
            let before = try env.database.fingerprint()
            let answered = try await env.form(client, "/verdict", [("token", token), ("verdict", "solved")], csrf: csrf, as: visitor)

            #expect(answered.status == .conflict)
            let html = Self.body(answered)
            #expect(html.contains("You already told us that the solution did not solve the problem"))
            #expect(html.contains("href=\"/tickets/\(id)\""))
            #expect(!html.contains("Cannot move a ticket"))
            #expect(try env.database.fingerprint() == before)
            #expect(try await env.database.ticket(id: id, for: admin.user!).status == .assigned)
        }
    }

    @Test("denials stay as they were: staff actions are 404 to a customer, another customer's request is 404")
    func denials() async throws {
        try await Env.run { client, env in
            let owner = try await env.customer(client, name: "Olga Owner")
            let other = try await env.customer(client, name: "Otto Other")
            let id = try await env.ticket(client, by: owner)
            let before = try env.database.fingerprint()
            for (uri, fields) in [
                ("/agent/tickets/\(id)/take", [(String, String)]()), ("/agent/tickets/\(id)/status", [("status", "closed")]),
                ("/agent/tickets/\(id)/assign", [("auto", "1")]),
            ] {
                #expect(try await env.form(client, uri, fields, as: owner).status == .notFound, "\(uri)")
            }
            for (uri, fields) in [
                ("/tickets/\(id)/close", [(String, String)]()), ("/tickets/\(id)/reopen", []),
                ("/tickets/\(id)/verdict", [("verdict", "solved")]),
            ] {
                #expect(try await env.form(client, uri, fields, as: other).status == .notFound, "\(uri)")
            }
            #expect(try env.database.fingerprint() == before)
            #expect(try await env.database.ticket(id: id, for: owner.user!).status == .new)
        }
    }
}

import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

@Suite struct APITests {
    typealias Env = TestEnvironment

    // MARK: - Operations

    @Test func healthMetricsAndSecurityHeaders() async throws {
        try await Env.run { client, env in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            #expect(String(buffer: health.body) == "ok")
            #expect(health.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(health.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(health.headers[.xContentTypeOptions] == "nosniff")
            #expect(health.headers[.init("Referrer-Policy")!] != nil)
            _ = try await env.api(client, .post, "/api/v1/suggestions", json: ["text": "payout"], as: .anonymous)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(metrics.status == .ok)
            #expect(text.contains("care_suggestion_duration_seconds"))
            #expect(text.contains("hb_requests") || text.contains("hb.requests"))
            #expect(text.contains("care_index_documents"))
            #expect(text.contains("care_outbox_backlog"))
            // Errors carry the headers too.
            let missing = try await client.execute(uri: "/api/v1/nothing", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        try await Env.run(corpus: false) { client, env in
            let response = try await env.api(client, .get, "/api/v1/openapi.json", as: .anonymous)
            #expect(response.status == .ok)
            let json = try Env.json(response)
            #expect(json["openapi"] as? String == "3.1.0")
        }
    }

    /// One call of every documented operation: the document lists nothing the server does not serve.
    @Test func everyDocumentedOperationAnswersAsDocumented() async throws {
        var arguments = TestArguments()
        arguments.inboundMailToken = "inbound-token-for-the-document"
        try await Env.run(arguments) { client, env in
            _ = try await env.api(client, .get, "/api/v1/openapi.json", as: .anonymous)
            _ = try await env.api(
                client, .post, "/api/v1/accounts", json: ["name": "Op", "email": "op@customer.test", "password": TestData.password],
                as: .anonymous)
            let token = try #require(try await env.database.outbox(recipient: "op@customer.test").last?.payloadValues["token"])
            _ = try await env.api(client, .get, "/api/v1/accounts/confirm?token=\(token)", as: .anonymous)
            let customer = try await env.signIn(client, email: "op@customer.test", password: TestData.password)
            let admin = try await env.admin(client)
            _ = try await env.api(client, .get, "/api/v1/session", as: customer)
            let id = try await env.ticket(client, by: customer)
            _ = try await env.api(
                client, .post, "/api/v1/tickets/duplicates", json: ["subject": "Payout delayed", "description": "Still waiting."],
                as: customer)
            _ = try await env.api(client, .get, "/api/v1/tickets", as: customer)
            _ = try await env.api(client, .get, "/api/v1/tickets/\(id)", as: customer)
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/messages", json: ["body": "More detail"], as: customer)
            let upload = try await env.apiUpload(
                client, "/api/v1/tickets/\(id)/messages", [("body", "A screenshot")],
                files: [.init(name: "shot.png", bytes: AttachmentTests.png)], as: customer)
            let file = try #require((try Env.json(upload)["attachments"] as? [[String: Any]])?.first?["url"] as? String)
            #expect(try await env.api(client, .get, file, as: customer).status == .ok)
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["auto": true], as: admin)
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solutionId": 2], as: admin)
            _ = try await env.api(client, .get, "/api/v1/solutions?q=payout", as: customer)
            _ = try await env.api(client, .get, "/api/v1/agents", as: admin)
            _ = try await env.api(client, .get, "/api/v1/customers?q=op&sort=lastActivity&order=desc", as: admin)
            _ = try await env.api(client, .get, "/api/v1/customers/\(customer.user!.requiredID)", as: admin)
            _ = try await env.api(client, .post, "/api/v1/suggestions", json: ["text": "payout"], as: .anonymous)
            _ = try await env.api(client, .post, "/api/v1/suggestions/opened", json: ["solutionId": 2], as: .anonymous)
            let key = try await env.database.mailReplyKey()
            let replyTo = try #require(key.replyAddress(base: "support@care.test", ticketId: id, recipient: "op@customer.test"))
            let answer = InboundMailRouteTests.mail(from: "op@customer.test", to: replyTo, text: "Thanks!", id: "op-1@mail.test")
            _ = try await InboundMailRouteTests.post(client, env, answer, token: "inbound-token-for-the-document")
            _ = try await env.api(client, .delete, "/api/v1/session", as: customer)
            _ = try await env.api(client, .get, "/health/live", as: .anonymous)
            _ = try await env.api(client, .get, "/health/ready", as: .anonymous)
            let seen = env.validator.seen.operations.withLock { $0 }
            #expect(seen == env.validator.documentedOperations)
        }
    }

    // MARK: - Accounts

    @Test func registerConfirmAndSignIn() async throws {
        try await Env.run(corpus: false) { client, env in
            let registered = try await env.api(
                client, .post, "/api/v1/accounts",
                json: ["name": "Mia Chen", "email": "mia@customer.test", "password": TestData.password], as: .anonymous)
            #expect(registered.status == .created)

            // Unconfirmed: the right password answers 403 `unconfirmed`.
            let early = try await env.api(
                client, .post, "/api/v1/session", json: ["email": "mia@customer.test", "password": TestData.password], as: .anonymous)
            #expect(early.status == .forbidden)
            #expect((try Env.json(early)["error"] as? [String: Any])?["code"] as? String == "unconfirmed")

            let token = try #require(try await env.database.outbox(recipient: "mia@customer.test").last?.payloadValues["token"])
            let bad = try await env.api(client, .get, "/api/v1/accounts/confirm?token=nope", as: .anonymous)
            #expect(bad.status == .badRequest)
            #expect((try Env.json(bad)["error"] as? [String: Any])?["code"] as? String == "invalidToken")
            let confirmed = try await env.api(client, .get, "/api/v1/accounts/confirm?token=\(token)", as: .anonymous)
            #expect(confirmed.status == .ok)

            let wrong = try await env.api(
                client, .post, "/api/v1/session", json: ["email": "mia@customer.test", "password": "Wrong-password-1"], as: .anonymous)
            #expect(wrong.status == .unauthorized)

            let session = try await env.api(
                client, .post, "/api/v1/session",
                json: ["email": "mia@customer.test", "password": TestData.password, "token": true], as: .anonymous)
            #expect(session.status == .ok)
            let setCookie = try #require(session.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            let apiToken = try #require(try Env.json(session)["token"] as? String)

            // The bearer token authenticates without a cookie.
            let me = try await env.api(
                client, .get, "/api/v1/session", headers: [.authorization: "Bearer \(apiToken)"], as: .anonymous)
            #expect(me.status == .ok)
            #expect((try Env.json(me)["user"] as? [String: Any])?["email"] as? String == "mia@customer.test")
            let forged = try await env.api(
                client, .get, "/api/v1/session", headers: [.authorization: "Bearer ccr_forged"], as: .anonymous)
            #expect(forged.status == .unauthorized)

            // Sign out ends the cookie session.
            let caller = Caller(cookie: Env.sessionCookie(session), user: nil, name: "mia")
            #expect(try await env.api(client, .get, "/api/v1/session", as: caller).status == .ok)
            #expect(try await env.api(client, .delete, "/api/v1/session", as: caller).status == .noContent)
            #expect(try await env.api(client, .get, "/api/v1/session", as: caller).status == .unauthorized)
        }
    }

    @Test func confirmationLinkInABrowserRedirectsToLogin() async throws {
        try await Env.run(corpus: false) { client, env in
            try await env.database.register(name: "Leo", email: "leo@customer.test", password: TestData.password)
            let token = try #require(try await env.database.outbox(recipient: "leo@customer.test").last?.payloadValues["token"])
            let response = try await client.execute(
                uri: "/api/v1/accounts/confirm?token=\(token)", method: .get, headers: [.accept: "text/html"])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login")
        }
    }

    @Test func registrationErrorsNameTheField() async throws {
        try await Env.run(corpus: false) { client, env in
            let badEmail = try await env.api(
                client, .post, "/api/v1/accounts", json: ["name": "X", "email": "not-an-email", "password": TestData.password],
                as: .anonymous)
            #expect(badEmail.status == .unprocessableContent)
            let error = try #require(try Env.json(badEmail)["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalidInput")
            #expect(error["field"] as? String == "email")

            let weak = try await env.api(
                client, .post, "/api/v1/accounts", json: ["name": "X", "email": "x@customer.test", "password": "short"], as: .anonymous)
            #expect((try Env.json(weak)["error"] as? [String: Any])?["field"] as? String == "password")

            let missing = try await env.api(client, .post, "/api/v1/accounts", json: ["name": "X"], as: .anonymous)
            #expect(missing.status == .badRequest)
            #expect((try Env.json(missing)["error"] as? [String: Any])?["field"] as? String == "email")

            let malformed = try await env.api(client, .post, "/api/v1/accounts", rawBody: "{nope", as: .anonymous)
            #expect(malformed.status == .badRequest)

            let form = try await env.api(
                client, .post, "/api/v1/accounts", rawBody: "name=x", contentType: "application/x-www-form-urlencoded", as: .anonymous)
            #expect(form.status == .unsupportedMediaType)

            let huge = String(repeating: "a", count: (1 << 20) + 10)
            let tooLarge = try await env.api(
                client, .post, "/api/v1/accounts", rawBody: #"{"name":"\#(huge)"}"#, as: .anonymous)
            #expect(tooLarge.status == .contentTooLarge)

            // A known address answers exactly like a new one.
            let again = try await env.api(
                client, .post, "/api/v1/accounts", json: ["name": "Admin?", "email": "admin@care.test", "password": TestData.password],
                as: .anonymous)
            #expect(again.status == .created)
        }
    }

    @Test func loginIsRateLimitedPerAddressAndEmail() async throws {
        var arguments = TestArguments()
        arguments.loginBurst = 2
        arguments.limitRefillScale = 0
        try await Env.run(arguments, corpus: false) { client, env in
            for _ in 0..<2 {
                let response = try await env.api(
                    client, .post, "/api/v1/session", json: ["email": "admin@care.test", "password": "Wrong-pass-1"], as: .anonymous)
                #expect(response.status == .unauthorized)
            }
            let limited = try await env.api(
                client, .post, "/api/v1/session", json: ["email": "admin@care.test", "password": TestData.adminPassword], as: .anonymous)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            // Another address is not affected.
            let other = try await env.api(
                client, .post, "/api/v1/session", json: ["email": "other@care.test", "password": "Wrong-pass-1"], as: .anonymous)
            #expect(other.status == .unauthorized)
        }
    }

    @Test func anonymousCallsAreRefusedWith401() async throws {
        try await Env.run(corpus: false) { client, env in
            let calls: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.get, "/api/v1/session", nil), (.get, "/api/v1/tickets", nil),
                (.post, "/api/v1/tickets", ["subject": "a", "description": "b"]), (.get, "/api/v1/tickets/1", nil),
                (.post, "/api/v1/tickets/1/messages", ["body": "x"]), (.post, "/api/v1/tickets/1/assign", ["auto": true]),
                (.post, "/api/v1/tickets/1/resolve", ["solutionId": 1]), (.get, "/api/v1/solutions?q=x", nil),
                (.get, "/api/v1/agents", nil),
            ]
            for (method, uri, body) in calls {
                let response = try await env.api(client, method, uri, json: body, as: .anonymous)
                #expect(response.status == .unauthorized, "\(method) \(uri)")
                #expect((try Env.json(response)["error"] as? [String: Any])?["code"] as? String == "unauthorized")
            }
        }
    }

    // MARK: - Tickets

    @Test func ticketLifecycleThroughTheAPI() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Ada Customer")
            let admin = try await env.admin(client)
            let agent = try await env.agent(client, name: "Bo Agent")

            let invalid = try await env.api(client, .post, "/api/v1/tickets", json: ["subject": " ", "description": "x"], as: customer)
            #expect(invalid.status == .unprocessableContent)
            #expect((try Env.json(invalid)["error"] as? [String: Any])?["field"] as? String == "subject")
            let badPriority = try await env.api(
                client, .post, "/api/v1/tickets", json: ["subject": "a", "description": "b", "priority": "soon"], as: customer)
            #expect(badPriority.status == .badRequest)
            #expect((try Env.json(badPriority)["error"] as? [String: Any])?["field"] as? String == "priority")
            let staffTicket = try await env.api(
                client, .post, "/api/v1/tickets", json: ["subject": "a", "description": "b"], as: agent)
            #expect(staffTicket.status == .forbidden)

            let id = try await env.ticket(client, by: customer)
            let list = try await env.api(client, .get, "/api/v1/tickets", as: customer)
            #expect((try Env.json(list)["total"] as? Int) == 1)
            let unknownCategory = try await env.api(
                client, .post, "/api/v1/tickets", json: ["subject": "a", "description": "b", "category": "nope"], as: customer)
            #expect((try Env.json(unknownCategory)["error"] as? [String: Any])?["field"] as? String == "categoryId")
            #expect(try await env.api(client, .get, "/api/v1/tickets?status=bogus", as: customer).status == .unprocessableContent)

            // Agents see the new ticket in the queue; an agent cannot reply before taking it.
            let queue = try await env.api(client, .get, "/api/v1/tickets?assignee=none", as: agent)
            #expect((try Env.json(queue)["total"] as? Int) == 1)
            let early = try await env.api(client, .post, "/api/v1/tickets/\(id)/messages", json: ["body": "Hi"], as: agent)
            #expect(early.status == .forbidden)

            // Customers cannot auto-assign or write internal notes.
            #expect(try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["auto": true], as: customer).status == .forbidden)
            let note = try await env.api(
                client, .post, "/api/v1/tickets/\(id)/messages", json: ["body": "psst", "internal": true], as: customer)
            #expect(note.status == .forbidden)
            #expect(try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: [:], as: admin).status == .unprocessableContent)

            // The admin auto-assigns: the least-loaded agent with room is the new agent (the corpus agent has none open either,
            // so the tie goes to more spare capacity: Ana has 5, Bo has 5, then the lower id: Ana).
            let assigned = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["agentId": agent.user!.requiredID], as: admin)
            #expect(assigned.status == .ok)
            #expect((try Env.json(assigned)["status"] as? String) == "assigned")

            let reply = try await env.api(client, .post, "/api/v1/tickets/\(id)/messages", json: ["body": "Looking into it."], as: agent)
            #expect(reply.status == .created)
            let internalNote = try await env.api(
                client, .post, "/api/v1/tickets/\(id)/messages", json: ["body": "Bank holiday delay", "internal": true], as: agent)
            #expect(internalNote.status == .created)
            #expect((try Env.json(internalNote)["kind"] as? String) == "internalNote")

            // The customer never sees the internal note.
            let seen = try await env.api(client, .get, "/api/v1/tickets/\(id)", as: customer)
            let messages = try #require(try Env.json(seen)["messages"] as? [[String: Any]])
            #expect(messages.contains { $0["body"] as? String == "Looking into it." })
            #expect(!messages.contains { $0["kind"] as? String == "internalNote" })
            let staffView = try await env.api(client, .get, "/api/v1/tickets/\(id)", as: agent)
            #expect((try Env.json(staffView)["messages"] as? [[String: Any]])?.contains { $0["kind"] as? String == "internalNote" } == true)

            // Resolve with a stored solution found through the search API.
            let found = try await env.api(client, .get, "/api/v1/solutions?q=payout%20bank", as: agent)
            let hits = try #require(try Env.json(found)["solutions"] as? [[String: Any]])
            let solutionId = try #require(((hits.first?["solution"] as? [String: Any])?["id"] as? NSNumber)?.int64Value)
            #expect(try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: [:], as: agent).status == .unprocessableContent)
            #expect(try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solutionId": solutionId], as: customer).status == .forbidden)
            let resolved = try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solutionId": solutionId], as: agent)
            #expect(resolved.status == .ok)
            let after = try Env.json(try await env.api(client, .get, "/api/v1/tickets/\(id)", as: customer))
            #expect((after["ticket"] as? [String: Any])?["status"] as? String == "resolved")
            #expect((after["solutions"] as? [[String: Any]])?.first?["title"] as? String == "Payout delayed to your bank account")

            // Resolving again is a workflow conflict.
            let again = try await env.api(client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solutionId": solutionId], as: agent)
            #expect(again.status == .conflict)
            #expect((try Env.json(again)["error"] as? [String: Any])?["code"] as? String == "invalidTransition")
        }
    }

    @Test func resolveWithANewSolutionAndAutoAssign() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Cy Customer")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer, subject: "Tablet will not charge", description: "The Tern Tab stays at 0%.")
            let assigned = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["auto": true], as: admin)
            #expect(assigned.status == .ok)
            #expect(try Env.json(assigned)["assigneeId"] as? NSNumber != nil)
            let bad = try await env.api(
                client, .post, "/api/v1/tickets/\(id)/resolve", json: ["solution": ["title": "", "steps": []]], as: admin)
            #expect(bad.status == .unprocessableContent)
            let resolved = try await env.api(
                client, .post, "/api/v1/tickets/\(id)/resolve",
                json: ["solution": ["title": "Charge a Tern Tab that stays at 0%", "steps": ["Use the original charger.", "Hold power for 30 s."],
                                    "categoryId": "devices"]],
                as: admin)
            #expect(resolved.status == .ok)
            // The new solution is searchable at once.
            let suggestions = try await env.api(client, .post, "/api/v1/suggestions", json: ["text": "tern tab charge"], as: .anonymous)
            let list = try #require(try Env.json(suggestions)["suggestions"] as? [[String: Any]])
            #expect((list.first?["solution"] as? [String: Any])?["title"] as? String == "Charge a Tern Tab that stays at 0%")
        }
    }

    @Test("With no similar history, auto-assign picks the agent with the ticket's topic as a skill, then the least-loaded one with room, and says why")
    func autoAssignPicksTheSkilledThenTheLeastLoadedAgentUnderCapacity() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Dee Customer")
            let admin = try await env.admin(client)
            let busy = try await env.agent(client, name: "Busy Agent", capacity: 1)
            let adminUser = try #require(admin.user)
            // The corpus agent Ana (skill: shop payments, capacity 5) holds two tickets, Busy one (its capacity).
            let agents = try await env.database.agents(for: adminUser)
            let ana = try #require(agents.first { $0.agent.name == "Ana Ruiz" }).agent
            for _ in 0..<2 {
                let t = try await env.ticket(client, by: customer)
                _ = try await env.database.assign(ticketId: t, to: ana.requiredID, by: adminUser)
            }
            let t = try await env.ticket(client, by: customer)
            _ = try await env.database.assign(ticketId: t, to: busy.user!.requiredID, by: adminUser)
            let fresh = try await env.agent(client, name: "Fresh Agent", capacity: 3)

            // Nobody has resolved anything: the declared skill for the ticket's topic wins over the lower load.
            let id = try await env.ticket(client, by: customer)
            let response = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["auto": true], as: admin)
            #expect(response.status == .ok)
            let body = try Env.json(response)
            #expect((body["assigneeId"] as? NSNumber)?.int64Value == ana.requiredID)
            let routing = try #require(body["routing"] as? [String: Any])
            #expect(routing["fit"] as? String == "none")
            #expect((routing["reasons"] as? [String])?.first == "declaredSkill")
            #expect(routing["skillTopic"] as? String == "shop-payments")
            #expect(routing["anyoneHasHistory"] as? Bool == false)

            // Ana full (5 of 5): the least-loaded agent with room (Busy is full), a new agent.
            for _ in 0..<2 {
                let t = try await env.ticket(client, by: customer)
                _ = try await env.database.assign(ticketId: t, to: ana.requiredID, by: adminUser)
            }
            let next = try await env.ticket(client, by: customer)
            let second = try Env.json(
                try await env.api(client, .post, "/api/v1/tickets/\(next)/assign", json: ["auto": true], as: admin))
            #expect((second["assigneeId"] as? NSNumber)?.int64Value == fresh.user!.requiredID)
            #expect((second["routing"] as? [String: Any])?["reasons"] as? [String] == ["newAgent"])
            // A manual assignment's answer has no routing.
            let manual = try await env.ticket(client, by: customer)
            let assigned = try Env.json(
                try await env.api(
                    client, .post, "/api/v1/tickets/\(manual)/assign", json: ["agentId": fresh.user!.requiredID], as: admin))
            #expect(assigned["routing"] == nil)

            // An agent may not auto-assign.
            let other = try await env.ticket(client, by: customer)
            #expect(try await env.api(client, .post, "/api/v1/tickets/\(other)/assign", json: ["auto": true], as: fresh).status == .forbidden)
        }
    }

    // MARK: - Solutions, suggestions, agents

    @Test func suggestionsAreRankedHighlightedAndOpenToAnonymousCallers() async throws {
        try await Env.run { client, env in
            let response = try await env.api(
                client, .post, "/api/v1/suggestions", json: ["text": "my payout is delayed", "k": 3], as: .anonymous)
            #expect(response.status == .ok)
            let list = try #require(try Env.json(response)["suggestions"] as? [[String: Any]])
            let first = try #require(list.first)
            #expect((first["solution"] as? [String: Any])?["title"] as? String == "Payout delayed to your bank account")
            let title = try #require((first["highlights"] as? [String: Any])?["title"] as? [[String: Any]])
            #expect(title.map { $0["text"] as? String ?? "" }.joined() == "Payout delayed to your bank account")
            #expect(title.contains { $0["text"] as? String == "Payout" && $0["match"] as? Bool == true })
            #expect(title.contains { $0["text"] as? String == "delayed" && $0["match"] as? Bool == true })

            // Each suggestion says how strongly it matches, in words and as a strength from the floor to 1.
            #expect(["strong", "partial"].contains(first["match"] as? String ?? ""))
            let strength = try #require(first["strength"] as? Double)
            #expect(strength >= MatchGrade.Scale.search.floor && strength <= 1)

            // The topic the customer picked comes first; picked wrongly, the best answer of all keeps the last place.
            let onTopic = try await env.api(
                client, .post, "/api/v1/suggestions", json: ["text": "my payout is delayed in the app", "k": 2, "categoryId": "devices"],
                as: .anonymous)
            let topicList = try #require(try Env.json(onTopic)["suggestions"] as? [[String: Any]])
            #expect(topicList.compactMap { ($0["solution"] as? [String: Any])?["title"] as? String }
                == ["Router keeps dropping the Wi-Fi connection", "Payout delayed to your bank account"])

            // As-you-type: a partial last word matches as a prefix.
            let typing = try await env.api(client, .post, "/api/v1/suggestions", json: ["text": "rout"], as: .anonymous)
            let typed = try #require(try Env.json(typing)["suggestions"] as? [[String: Any]])
            #expect((typed.first?["solution"] as? [String: Any])?["title"] as? String == "Router keeps dropping the Wi-Fi connection")

            #expect(try await env.api(client, .post, "/api/v1/suggestions", json: ["text": "x", "k": 0], as: .anonymous).status == .unprocessableContent)
            #expect(try await env.api(client, .post, "/api/v1/suggestions", json: ["k": 3], as: .anonymous).status == .badRequest)
            let empty = try await env.api(client, .post, "/api/v1/suggestions", json: ["text": "   "], as: .anonymous)
            #expect((try Env.json(empty)["suggestions"] as? [Any])?.isEmpty == true)

            // The new-complaint form sends the subject apart from the description; a subject alone is enough.
            let subjectOnly = try await env.api(
                client, .post, "/api/v1/suggestions", json: ["text": "", "subject": "payout delayed"], as: .anonymous)
            let bySubject = try #require(try Env.json(subjectOnly)["suggestions"] as? [[String: Any]])
            #expect((bySubject.first?["solution"] as? [String: Any])?["title"] as? String == "Payout delayed to your bank account")
            let longSubject = try await env.api(
                client, .post, "/api/v1/suggestions", json: ["text": "x", "subject": String(repeating: "a", count: 201)], as: .anonymous)
            #expect(longSubject.status == .unprocessableContent)
            #expect(((try Env.json(longSubject)["error"] as? [String: Any])?["field"] as? String) == "subject")
        }
    }

    @Test func suggestionsAreRateLimitedPerClient() async throws {
        var arguments = TestArguments()
        arguments.suggestionBurst = 3
        arguments.suggestionRefillPerSecond = 0.001  // no refill during the test, however slow the machine
        try await Env.run(arguments) { client, env in
            for _ in 0..<3 {
                #expect(try await env.api(client, .post, "/api/v1/suggestions", json: ["text": "payout"], as: .anonymous).status == .ok)
            }
            let limited = try await env.api(client, .post, "/api/v1/suggestions", json: ["text": "payout"], as: .anonymous)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }

    @Test func solutionSearchAndAgentList() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Eve Customer")
            let agent = try await env.agent(client, name: "Fay Agent")
            let all = try await env.api(client, .get, "/api/v1/solutions", as: customer)
            #expect((try Env.json(all)["solutions"] as? [Any])?.count == 4)
            let search = try await env.api(client, .get, "/api/v1/solutions?q=card%20declined&k=2", as: customer)
            let hits = try #require(try Env.json(search)["solutions"] as? [[String: Any]])
            #expect((hits.first?["solution"] as? [String: Any])?["title"] as? String == "Card payment declined at checkout")
            #expect(try await env.api(client, .get, "/api/v1/solutions?k=0", as: customer).status == .unprocessableContent)

            #expect(try await env.api(client, .get, "/api/v1/agents", as: customer).status == .forbidden)
            let agents = try await env.api(client, .get, "/api/v1/agents", as: agent)
            #expect(agents.status == .ok)
            #expect((try Env.json(agents)["agents"] as? [[String: Any]])?.count == 2)
        }
    }
}

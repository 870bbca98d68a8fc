import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// Routes × roles: customer A owns an assigned ticket, filed with a file. Customer B and an agent who does not hold it
/// must get 404 on every ticket route (API and pages), its file's address included; anonymous callers get 401 (API) or
/// a redirect to the login page (pages); the owner, the assignee and the admin get through.
@Suite struct AccessTableTests {
    typealias Env = TestEnvironment

    enum Role: String, CaseIterable {
        case anonymous, customerA, customerB, agent, otherAgent, admin
    }

    struct Callers {
        var byRole: [Role: Caller]
        subscript(_ role: Role) -> Caller { byRole[role]! }
    }

    /// The address of the file filed with A's ticket.
    static func attachmentPath(_ env: Env, ticketId: Int64) async throws -> String {
        let admin = try await env.database.operatingAdmin()
        return try #require(try await env.database.ticketDetail(id: ticketId, for: admin).attachments.first?.path)
    }

    /// Sets up A's ticket (with a PDF), assigned to `agent`.
    func setUp(_ client: some TestClientProtocol, _ env: Env) async throws -> (Callers, Int64) {
        let a = try await env.customer(client, name: "Customer A")
        let b = try await env.customer(client, name: "Customer B")
        let agent = try await env.agent(client, name: "Assigned Agent")
        let other = try await env.agent(client, name: "Other Agent")
        let admin = try await env.admin(client)
        let created = try await env.apiUpload(
            client, "/api/v1/tickets",
            [("subject", "Payout delayed"), ("description", "My payout has not arrived at my bank account.")],
            files: [.init(name: "statement.pdf", bytes: Array("%PDF-1.4\n%%EOF\n".utf8))], as: a)
        #expect(created.status == .created)
        let id = try #require((try Env.json(created)["id"] as? NSNumber)?.int64Value)
        _ = try await env.database.assign(ticketId: id, to: agent.user!.requiredID, by: admin.user!)
        // B has a ticket of their own, so "not found" cannot be explained by B having no tickets at all.
        _ = try await env.ticket(client, by: b, subject: "B's own", description: "B's own problem")
        return (
            Callers(byRole: [.anonymous: .anonymous, .customerA: a, .customerB: b, .agent: agent, .otherAgent: other, .admin: admin]),
            id
        )
    }

    @Test func apiTicketRoutesByRole() async throws {
        try await Env.run { client, env in
            let (callers, id) = try await setUp(client, env)
            let file = try await Self.attachmentPath(env, ticketId: id)
            let routes: [(HTTPRequest.Method, String, [String: Any]?)] = [
                (.get, "/api/v1/tickets/\(id)", nil),
                (.get, "/api/v1\(file)", nil),
                (.post, "/api/v1/tickets/\(id)/messages", ["body": "Hello"]),
                (.post, "/api/v1/tickets/\(id)/assign", ["auto": true]),
                (.post, "/api/v1/tickets/\(id)/resolve", ["solutionId": 1]),
            ]
            for (method, uri, body) in routes {
                for role in [Role.anonymous, .customerB, .otherAgent] {
                    let response = try await env.api(client, method, uri, json: body, as: callers[role])
                    let expected: HTTPResponse.Status = role == .anonymous ? .unauthorized : .notFound
                    #expect(response.status == expected, "\(role) \(method) \(uri)")
                    if role != .anonymous {
                        // The same answer as a ticket that does not exist.
                        let ghost = try await env.api(client, method, uri.replacingOccurrences(of: "/\(id)", with: "/999999"),
                                                      json: body, as: callers[role])
                        #expect(String(buffer: ghost.body).replacingOccurrences(of: "999999", with: "\(id)") == String(buffer: response.body))
                    }
                }
            }
            // Asking for look-alikes of A's ticket, in A's words and naming it, tells B and the other agent nothing of it.
            let ticket = try await env.database.ticket(id: id, for: callers[.admin].user!)
            for role in [Role.customerB, .otherAgent] {
                let duplicates = try await env.api(
                    client, .post, "/api/v1/tickets/duplicates",
                    json: ["subject": ticket.subject, "description": ticket.description, "ticketId": id], as: callers[role])
                #expect(duplicates.status == .ok, "\(role)")
                #expect(!String(buffer: duplicates.body).contains(ticket.subject), "\(role) learnt of A's ticket")
            }
            #expect(try await env.api(
                client, .post, "/api/v1/tickets/duplicates", json: ["subject": ticket.subject], as: .anonymous).status == .unauthorized)
            // Non-numeric ids are simply not found.
            #expect(try await env.api(client, .get, "/api/v1/tickets/abc", as: callers[.customerA]).status == .notFound)
            // The owner, the assignee and the admin read it.
            for role in [Role.customerA, .agent, .admin] {
                #expect(try await env.api(client, .get, "/api/v1/tickets/\(id)", as: callers[role]).status == .ok, "\(role)")
                #expect(try await env.api(client, .get, "/api/v1\(file)", as: callers[role]).status == .ok, "\(role) file")
            }
            // B and the other agent cannot add a file to A's ticket either, by the API or a page's form
            for role in [Role.customerB, .otherAgent] {
                let upload = try await env.apiUpload(
                    client, "/api/v1/tickets/\(id)/messages", [("body", "Mine now")],
                    files: [.init(name: "x.txt", bytes: Array("x".utf8))], as: callers[role])
                #expect(upload.status == .notFound, "\(role) API upload")
                let reply = role == .customerB ? "/tickets/\(id)/reply" : "/agent/tickets/\(id)/reply"
                let page = try await env.upload(
                    client, reply, [("body", "Mine now")], files: [.init(name: "x.txt", bytes: Array("x".utf8))], as: callers[role])
                #expect(page.status == .notFound, "\(role) page upload")
            }
            #expect(try await env.database.attachmentDigests().count == 1)
            // B's list does not contain A's ticket.
            let list = try Env.json(try await env.api(client, .get, "/api/v1/tickets", as: callers[.customerB]))
            #expect((list["tickets"] as? [[String: Any]])?.allSatisfy { ($0["id"] as? NSNumber)?.int64Value != id } == true)
        }
    }

    @Test("the inbound mail route takes its own token only: no role's session or API token passes it")
    func inboundMailRouteByRole() async throws {
        var arguments = TestArguments()
        arguments.inboundMailToken = "inbound-token-of-the-mail-system"
        try await Env.run(arguments) { client, env in
            let (callers, id) = try await setUp(client, env)
            let a = try #require(callers[.customerA].user)
            let key = try await env.database.mailReplyKey()
            let to = try #require(key.replyAddress(base: "support@care.test", ticketId: id, recipient: a.email))
            let mail = InboundMailRouteTests.mail(from: a.email, to: to, text: "Forged by a signed-in caller", id: "role@mail.test")
            let token = try await env.apiToken(client, for: callers[.admin])
            for role in Role.allCases {
                var headers: HTTPFields = [:]
                if let cookie = callers[role].cookie { headers[.cookie] = cookie }
                let response = try await client.execute(
                    uri: "/api/v1/inbound-mail", method: .post, headers: headers, body: ByteBuffer(string: mail))
                #expect(response.status == .unauthorized, "\(role) answered \(response.status)")
            }
            #expect(try await InboundMailRouteTests.post(client, env, mail, token: token).status == .unauthorized)
            let thread = try await env.database.messages(ticketId: id, for: a)
            #expect(thread.allSatisfy { $0.body != "Forged by a signed-in caller" })
        }
    }

    @Test func pageTicketRoutesByRole() async throws {
        try await Env.run { client, env in
            let (callers, id) = try await setUp(client, env)
            let file = try await Self.attachmentPath(env, ticketId: id)
            let gets = ["/tickets/\(id)", "/agent/tickets/\(id)", file]
            let posts: [(String, [(String, String)])] = [
                ("/tickets/\(id)/reply", [("body", "Hello")]),
                ("/tickets/\(id)/verdict", [("verdict", "solved")]),
                ("/tickets/\(id)/reopen", []),
                ("/tickets/\(id)/close", []),
                ("/agent/tickets/\(id)/reply", [("body", "Note"), ("internal", "on")]),
                ("/agent/tickets/\(id)/status", [("status", "inProgress")]),
                ("/agent/tickets/\(id)/take", []),
                ("/agent/tickets/\(id)/assign", [("auto", "1")]),
                ("/agent/tickets/\(id)/resolve", [("solutionId", "1")]),
            ]
            for uri in gets {
                let anonymous = try await env.page(client, uri, as: .anonymous)
                #expect(anonymous.status == .seeOther, "anonymous GET \(uri)")
                #expect(anonymous.headers[.location]?.hasPrefix("/login?next=") == true)
                for role in [Role.customerB, .otherAgent] {
                    let response = try await env.page(client, uri, as: callers[role])
                    #expect(response.status == .notFound, "\(role) GET \(uri)")
                    #expect(!String(buffer: response.body).contains("Payout delayed"), "\(role) GET \(uri) leaks the subject")
                }
            }
            for (uri, fields) in posts {
                let anonymous = try await env.form(client, uri, fields, as: .anonymous)
                #expect(anonymous.status == .seeOther, "anonymous POST \(uri)")
                #expect(anonymous.headers[.location]?.hasPrefix("/login") == true)
                for role in [Role.customerB, .otherAgent] {
                    let response = try await env.form(client, uri, fields, as: callers[role])
                    #expect(response.status == .notFound, "\(role) POST \(uri)")
                }
            }
            // The customer owner may not use the agent console at all.
            #expect(try await env.page(client, "/agent/tickets/\(id)", as: callers[.customerA]).status == .notFound)
            #expect(try await env.form(client, "/agent/tickets/\(id)/reply", [("body", "x")], as: callers[.customerA]).status == .notFound)
            // Happy paths.
            for role in [Role.customerA, .agent, .admin] {
                #expect(try await env.page(client, file, as: callers[role]).status == .ok, "\(role) file")
            }
            #expect(try await env.page(client, "/tickets/\(id)", as: callers[.customerA]).status == .ok)
            #expect(try await env.page(client, "/agent/tickets/\(id)", as: callers[.agent]).status == .ok)
            #expect(try await env.page(client, "/agent/tickets/\(id)", as: callers[.admin]).status == .ok)
            let staffRedirect = try await env.page(client, "/tickets/\(id)", as: callers[.agent])
            #expect(staffRedirect.headers[.location] == "/agent/tickets/\(id)")
            // Nothing B or the other agent tried changed the ticket.
            let detail = try await env.database.ticketDetail(id: id, for: callers[.admin].user!)
            #expect(detail.messages.isEmpty)
            #expect(detail.ticket.status == .assigned)
        }
    }

    @Test func staffAndAdminPagesByRole() async throws {
        try await Env.run { client, env in
            let (callers, _) = try await setUp(client, env)
            let staffPages = [
                "/agent", "/agent/solutions", "/agent/solutions?review=1", "/agent/solutions/1", "/agent/solutions/new",
                "/admin/customers",
                "/admin/customers/\(callers[.customerA].user!.requiredID)",
            ]
            let adminPages = [
                "/admin/agents", "/admin/assignment", "/admin/agents/\(callers[.agent].user!.requiredID)", "/admin/mail",
                "/admin/mail?page=2",
            ]
            let customerPages = ["/tickets", "/tickets/new"]
            for uri in staffPages + adminPages + customerPages {
                let response = try await env.page(client, uri, as: .anonymous)
                #expect(response.status == .seeOther, "anonymous \(uri)")
                #expect(response.headers[.location]?.hasPrefix("/login?next=") == true)
            }
            for uri in staffPages + adminPages {
                #expect(try await env.page(client, uri, as: callers[.customerA]).status == .notFound, "customer \(uri)")
            }
            for uri in adminPages {
                #expect(try await env.page(client, uri, as: callers[.agent]).status == .notFound, "agent \(uri)")
            }
            for uri in staffPages {
                #expect(try await env.page(client, uri, as: callers[.agent]).status == .ok, "agent \(uri)")
            }
            for uri in staffPages + adminPages {
                #expect(try await env.page(client, uri, as: callers[.admin]).status == .ok, "admin \(uri)")
            }
            for uri in customerPages {
                let response = try await env.page(client, uri, as: callers[.customerA])
                #expect(response.status == .ok, "customer \(uri)")
            }
            // Admin-only writes refuse agents and customers.
            for role in [Role.customerA, .agent] {
                let response = try await env.form(client, "/admin/agents", [("name", "X"), ("email", "x@staff.test"), ("capacity", "3")],
                                                  as: callers[role])
                #expect(response.status == .notFound, "\(role) creates an agent")
            }
            // Approving a solution: customers find no such route, anonymous visitors are sent to sign in.
            let approve = "/agent/solutions/1/approve"
            #expect(try await env.form(client, approve, [], as: callers[.customerA]).status == .notFound)
            #expect(try await env.form(client, approve, [], as: callers[.customerB]).status == .notFound)
            let anonymousApprove = try await env.form(client, approve, [], csrf: nil, as: .anonymous)
            #expect(anonymousApprove.status == .seeOther || anonymousApprove.status == .forbidden)
            #expect(try await env.form(client, approve, [], as: callers[.agent]).status == .seeOther)
            // Customer accounts: customers find no such route, agents may look but not act.
            let deactivate = "/admin/customers/\(callers[.customerB].user!.requiredID)/deactivate"
            #expect(try await env.form(client, deactivate, [], as: callers[.customerA]).status == .notFound)
            #expect(try await env.form(client, deactivate, [], as: callers[.agent]).status == .forbidden)
        }
    }
}

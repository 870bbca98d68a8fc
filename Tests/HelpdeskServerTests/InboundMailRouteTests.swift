import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// `POST /api/v1/inbound-mail`: a mail system hands over an answer by e-mail over HTTP.
@Suite struct InboundMailRouteTests {
    typealias Env = TestEnvironment

    /// A plain mail from `from` to `to`.
    static func mail(from: String, to: String, text: String, id: String) -> String {
        "From: <\(from)>\r\nTo: <\(to)>\r\nSubject: Re: Printer\r\nMessage-ID: <\(id)>\r\n\r\n\(text)\r\n"
    }

    /// A page's HTML.
    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// Posts `raw` with `token` as the bearer token.
    static func post(_ client: some TestClientProtocol, _ env: Env, _ raw: String, token: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await env.api(
            client, .post, "/api/v1/inbound-mail", rawBody: raw, contentType: "message/rfc822", headers: headers, as: .anonymous)
    }

    @Test("without a token configured the route does not exist")
    func absentWithoutAToken() async throws {
        try await Env.run { client, env in
            let response = try await Self.post(client, env, Self.mail(from: "a@b.test", to: "c@d.test", text: "Hi", id: "x@y"), token: "t")
            #expect(response.status == .notFound)
        }
    }

    @Test("with the token, an answer joins its ticket once; no token, a wrong sender or a broken mail is refused with the field named")
    func takesAnswersWithTheToken() async throws {
        var arguments = TestArguments()
        let token = "inbound-secret-0123456789"
        arguments.inboundMailToken = token
        try await Env.run(arguments) { client, env in
            // Given a customer's ticket and its reply address for her
            let customer = try await env.customer(client, name: "Mail Customer")
            let id = try await env.ticket(client, by: customer)
            let key = try await env.database.mailReplyKey()
            let email = try #require(customer.user?.email)
            let to = try #require(key.replyAddress(base: "support@care.test", ticketId: id, recipient: email))
            let answer = Self.mail(from: email, to: to, text: "The router is back online.", id: "r1@mail.test")
            // Without the token, or with another: 401, nothing added
            #expect(try await Self.post(client, env, answer, token: nil).status == .unauthorized)
            #expect(try await Self.post(client, env, answer, token: "inbound-secret-0123456788").status == .unauthorized)
            // With it: added, then a duplicate
            let added = try await Self.post(client, env, answer, token: token)
            #expect(added.status == .ok)
            let body = try Env.json(added)
            #expect(body["outcome"] as? String == "added" && (body["ticketId"] as? Int).map(Int64.init) == id)
            let thread = try await env.database.messages(ticketId: id, for: try #require(customer.user))
            #expect(thread.last?.body == "The router is back online.")
            #expect(try Env.json(try await Self.post(client, env, answer, token: token))["outcome"] as? String == "duplicate")
            // Someone else writing to that address: 422 naming `from`
            let stranger = try await Self.post(
                client, env, Self.mail(from: "eve@evil.test", to: to, text: "Hi", id: "e1@mail.test"), token: token)
            #expect(stranger.status == .unprocessableContent)
            #expect((try Env.json(stranger)["error"] as? [String: Any])?["field"] as? String == "from")
            // A customer's mail to the support address itself files a new request; a stranger's is refused naming `from`
            let fresh = try Env.json(try await Self.post(
                client, env, Self.mail(from: email, to: "support@care.test", text: "The scanner jams too.", id: "n1@mail.test"),
                token: token))
            #expect(fresh["outcome"] as? String == "filed")
            let filed = try #require((fresh["ticketId"] as? Int).map(Int64.init))
            let request = try await env.database.ticket(id: filed, for: try #require(customer.user))
            #expect(request.subject == "Re: Printer" && request.description == "The scanner jams too.")
            // The pages say what came by e-mail: the answer on the web-filed request, the mailed request itself
            let page = Self.body(try await env.page(client, "/tickets/\(id)", as: customer))
            #expect(page.contains("The router is back online.") && page.components(separatedBy: " · by e-mail").count - 1 == 1)
            let mailed = Self.body(try await env.page(client, "/tickets/\(filed)", as: customer))
            #expect(mailed.contains(" · by e-mail</div>"))
            let admin = try await env.admin(client)
            #expect(Self.body(try await env.page(client, "/agent/tickets/\(id)", as: admin)).contains(" · by e-mail"))
            let unknown = try await Self.post(
                client, env, Self.mail(from: "nobody@else.test", to: "support@care.test", text: "Hi", id: "u1@mail.test"), token: token)
            #expect(unknown.status == .unprocessableContent)
            #expect((try Env.json(unknown)["error"] as? [String: Any])?["field"] as? String == "from")
            // Not a mail at all: 400
            #expect(try await Self.post(client, env, "no headers here", token: token).status == .badRequest)
            #expect(try await env.database.messages(ticketId: id, for: try #require(customer.user)).count == thread.count)
        }
    }
}

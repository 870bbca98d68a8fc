import Foundation
import HelpdeskCore
import HelpdeskMail
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// The admins' outgoing-mail page: undeliverable mails with the server's answer, and queueing one again.
@Suite struct MailPageTests {
    typealias Env = TestEnvironment

    @Test func adminsSeeUndeliveredMailWithTheReasonAndQueueItAgain() async throws {
        try await Env.run(corpus: false) { client, env in
            let admin = try await env.admin(client)
            let customer = try await env.customer(client, name: "Una Delivered")
            let agent = try await env.agent(client, name: "Mo Mail")
            let mail = try #require(try await env.database.outbox(recipient: customer.user!.email).first)
            let id = try #require(mail.id)
            for _ in 0..<RetryPolicy().maxAttempts {
                try await env.database.markMailFailed(id: id, error: "RCPT TO answered 550 5.1.1 <no such user>")
            }

            let page = String(buffer: try await env.page(client, "/admin/mail", as: admin).body)
            #expect(page.contains(customer.user!.email))
            #expect(page.contains("550 5.1.1 &lt;no such user&gt;"))
            #expect(try await env.database.pendingMails(limit: 100).contains { $0.id == id } == false)

            // Only admins see or retry it.
            #expect(try await env.page(client, "/admin/mail", as: agent).status == .notFound)
            #expect(try await env.page(client, "/admin/mail", as: customer).status == .notFound)
            #expect(try await env.form(client, "/admin/mail/\(id)/retry", [], as: agent).status == .notFound)
            #expect(try await env.form(client, "/admin/mail/\(id)/retry", [], csrf: nil, as: admin).status == .forbidden)
            #expect(try await env.form(client, "/admin/mail/999999/retry", [], as: admin).status == .notFound)

            let retried = try await env.form(client, "/admin/mail/\(id)/retry", [], as: admin)
            #expect(retried.status == .seeOther)
            #expect(try await env.database.pendingMails(limit: 100).contains { $0.id == id })
            let after = String(buffer: try await env.page(client, "/admin/mail", as: admin).body)
            #expect(after.contains("Every mail was delivered or is still being tried."))
        }
    }
}

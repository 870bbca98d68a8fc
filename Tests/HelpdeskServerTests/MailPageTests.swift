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

    @Test func aMailGivenUpOnIsListedWithoutItsLinkAndCannotBeQueuedAgain() async throws {
        try await Env.run(corpus: false) { client, env in
            let admin = try await env.admin(client)
            try await env.database.register(name: "Gia Gone", email: "gia@customer.test", password: TestData.password)
            let mail = try #require(try await env.database.outbox(recipient: "gia@customer.test").first)
            let token = try #require(mail.payloadValues["token"])
            let maxAttempts = RetryPolicy().maxAttempts
            for _ in 0..<maxAttempts {
                try await env.database.markMailFailed(id: mail.id!, error: "RCPT TO answered 550 5.1.1", maxAttempts: maxAttempts)
            }

            let response = try await env.page(client, "/admin/mail", as: admin)
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            #expect(page.contains("gia@customer.test") && page.contains("Confirm your e-mail address"))
            #expect(page.contains("550 5.1.1") && !page.contains(token))
            let stored = try #require(try await env.database.outbox(recipient: "gia@customer.test").first)
            #expect(!stored.body.contains(token) && !stored.payload.contains(token))

            let retried = try await env.form(client, "/admin/mail/\(mail.id!)/retry", [], as: admin)
            #expect(retried.status == .conflict)
            #expect(String(buffer: retried.body).contains("can ask for a new link"))
        }
    }
}

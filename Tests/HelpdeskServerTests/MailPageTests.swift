import Foundation
import HelpdeskMail
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskCore
@testable import HelpdeskServer

/// The admins' outgoing-mail page: undeliverable mails with the server's answer, and queueing one again.
@Suite struct MailPageTests {
    typealias Env = TestEnvironment

    @Test func undeliveredMailIsPagedNewestFirstWithACount() async throws {
        try await Env.run(corpus: false) { client, env in
            let admin = try await env.admin(client)
            // Given 120 mails given up on
            let database = env.database
            let mails = try await database.sqlWrite { sql in
                try (1...120).map { i in
                    try database.enqueueMail(
                        sql, kind: .passwordReset, to: "gone\(i)@example.com", subject: "Reset \(i)", body: "b", payload: [:],
                        at: Date())
                }
            }
            let limit = RetryPolicy().maxAttempts
            for mail in mails {
                for _ in 0..<limit { try await database.markMailFailed(id: mail.id!, error: "550 gone", maxAttempts: limit) }
            }
            // When an admin opens the mail page, Then the newest 50 show, with the count and a way to the rest
            let first = String(buffer: try await env.page(client, "/admin/mail", as: admin).body)
            #expect(first.contains("Showing 1–50 of 120 undelivered mails"))
            #expect(first.contains("gone120@example.com") && first.contains("gone71@example.com"))
            #expect(!first.contains("gone70@example.com"))
            #expect(first.contains("href=\"/admin/mail?page=2\"") && first.contains("href=\"/admin/mail?page=3\""))
            // And the last page holds the oldest; a page past the end shows the last one
            for uri in ["/admin/mail?page=3", "/admin/mail?page=40"] {
                let last = String(buffer: try await env.page(client, uri, as: admin).body)
                #expect(last.contains("Showing 101–120 of 120 undelivered mails"), "\(uri)")
                #expect(last.contains("gone1@example.com") && !last.contains("gone21@example.com"), "\(uri)")
            }
            // And a page number that is not one is refused, not a server error
            for bad in ["0", "-1", "x", "99999999999999999999"] {
                #expect((400..<500).contains(try await env.page(client, "/admin/mail?page=\(bad)", as: admin).status.code))
            }
        }
    }

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
            // Nothing is being retried: that section says so, without the header of an empty table.
            #expect(page.contains("Nothing is waiting for a retry.") && !page.contains(#"<th scope="col">Attempts</th>"#))
            #expect(page.contains(#"<th scope="col">Server's answer</th>"#))
            let stored = try #require(try await env.database.outbox(recipient: "gia@customer.test").first)
            #expect(!stored.body.contains(token) && !stored.payload.contains(token))

            let retried = try await env.form(client, "/admin/mail/\(mail.id!)/retry", [], as: admin)
            #expect(retried.status == .conflict)
            #expect(String(buffer: retried.body).contains("can ask for a new link"))
        }
    }
}

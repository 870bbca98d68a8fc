import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import HelpdeskServer

/// The first admin's password is generated and printed once at start; until the admin replaces it, every signed-in
/// page sends them to their account page, and once replaced nothing does.
@Suite struct FirstAdminPasswordTests {
    typealias Env = TestEnvironment

    @Test func thePrintedPasswordMustBeReplacedOnFirstSignIn() async throws {
        let printed = Mutex<String?>(nil)
        try await Env.run(
            prepare: { database in
                let password = try await database.ensureInitialAdmin(email: "admin@care.test", password: nil)
                printed.withLock { $0 = password }
            }
        ) { client, env in
            let password = try #require(printed.withLock { $0 })
            let admin = try await env.signIn(client, email: "admin@care.test", password: password)
            for page in ["/agent", "/admin/agents", "/admin/reports", "/tickets"] {
                let response = try await env.page(client, page, as: admin)
                #expect(response.status == .seeOther, "\(page)")
                #expect(response.headers[.location] == "/account", "\(page)")
            }
            let account = try await env.page(client, "/account", as: admin)
            #expect(account.status == .ok)
            #expect(String(buffer: account.body).contains("Choose a password of your own first"))
            // The API is not redirected.
            #expect(try await env.api(client, .get, "/api/v1/session", as: admin).status == .ok)

            let changed = try await env.form(
                client, "/account/password",
                [("currentPassword", password), ("password", TestData.password), ("confirm", TestData.password)],
                tokenPage: "/account", as: admin)
            #expect(changed.status.code < 400)
            let again = try await env.signIn(client, email: "admin@care.test", password: TestData.password)
            #expect(try await env.page(client, "/agent", as: again).status == .ok)
        }
    }

    @Test func aChosenPasswordIsNotAskedForAgain() async throws {
        try await Env.run { client, env in
            let admin = try await env.admin(client)
            #expect(try await env.page(client, "/agent", as: admin).status == .ok)
        }
    }
}

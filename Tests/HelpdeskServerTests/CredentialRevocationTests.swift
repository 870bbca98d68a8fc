import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// A password change or reset revokes every credential of the account but the browser making the change: a stolen
/// session cannot mint an API token that outlives it. Everything goes through the real router.
@Suite struct CredentialRevocationTests {
    typealias Env = TestEnvironment

    static let newPassword = "New-Passw0rd-77"

    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func aPasswordChangeRevokesAPITokensAndOtherSessionsButKeepsThisBrowser() async throws {
        try await Env.run(corpus: false) { client, env in
            let owner = try await env.customer(client, name: "Petra Pass")
            let email = try #require(owner.user?.email)
            // A thief holds a second session, and used it to mint a token (on the page, and through the API sign-in).
            let thief = try await env.signIn(client, email: email, password: TestData.password)
            let pageToken = try await env.apiToken(client, for: thief, name: "thief's script")
            let login = try await env.api(
                client, .post, "/api/v1/session", json: ["email": email, "password": TestData.password, "token": true],
                as: .anonymous)
            let apiToken = try #require(try Env.json(login)["token"] as? String)
            // Someone else's token and session are not the owner's business.
            let bystander = try await env.customer(client, name: "Bea Bystander")
            let bystanderToken = try await env.apiToken(client, for: bystander)
            #expect(try await env.bearerStatus(client, token: pageToken) == .ok)
            #expect(try await env.bearerStatus(client, token: apiToken) == .ok)

            let changed = try await env.form(
                client, "/account/password",
                [("currentPassword", TestData.password), ("password", Self.newPassword), ("confirm", Self.newPassword)],
                tokenPage: "/account", as: owner)

            #expect(changed.status == .seeOther)
            #expect(changed.headers[.location] == "/account")
            // The tokens made before the change are refused, through the router with `Authorization: Bearer`.
            #expect(try await env.bearerStatus(client, token: pageToken) == .unauthorized)
            #expect(try await env.bearerStatus(client, token: apiToken) == .unauthorized)
            let refused = try await env.api(
                client, .get, "/api/v1/tickets", headers: [.authorization: "Bearer \(pageToken)"], as: .anonymous)
            #expect(refused.status == .unauthorized)
            // The other browser is signed out.
            #expect(try await env.isSignedIn(client, thief) == false)
            // This browser stays signed in (under a fresh session id) and is told what happened.
            let fresh = Caller(cookie: try #require(Env.sessionCookie(changed)), user: owner.user, name: "owner")
            let account = try await env.page(client, "/account", as: fresh)
            #expect(account.status == .ok)
            #expect(Self.body(account).contains(
                "Password changed. Other sessions and API tokens were signed out; create a new token if a script needs one."))
            #expect(Self.body(account).contains("revoked"))
            #expect(try await env.isSignedIn(client, fresh))
            // A token made after the change works.
            let newToken = try await env.apiToken(client, for: fresh)
            #expect(try await env.bearerStatus(client, token: newToken) == .ok)
            // Nothing of the bystander's was touched.
            #expect(try await env.bearerStatus(client, token: bystanderToken) == .ok)
            #expect(try await env.isSignedIn(client, bystander))
        }
    }

    @Test func aRefusedPasswordChangeRevokesNothing() async throws {
        try await Env.run(corpus: false) { client, env in
            let owner = try await env.customer(client, name: "Rita Refused")
            let other = try await env.signIn(client, email: try #require(owner.user?.email), password: TestData.password)
            let token = try await env.apiToken(client, for: other)
            let attempts: [[(String, String)]] = [
                [("currentPassword", "Not-The-Pass-1"), ("password", Self.newPassword), ("confirm", Self.newPassword)],
                [("currentPassword", TestData.password), ("password", Self.newPassword), ("confirm", "Other-Passw0rd-78")],
                [("currentPassword", TestData.password), ("password", "short"), ("confirm", "short")],
            ]
            for fields in attempts {
                let refused = try await env.form(client, "/account/password", fields, tokenPage: "/account", as: owner)
                #expect(refused.status == .unprocessableContent)
                #expect(!Self.body(refused).contains("Password changed."))
            }
            // Without the CSRF token the change is refused before anything happens.
            let forged = try await env.form(
                client, "/account/password",
                [("currentPassword", TestData.password), ("password", Self.newPassword), ("confirm", Self.newPassword)],
                csrf: nil, as: owner)
            #expect(forged.status == .forbidden)

            #expect(try await env.bearerStatus(client, token: token) == .ok)
            #expect(try await env.isSignedIn(client, other))
            #expect(try await env.isSignedIn(client, owner))
            _ = try await env.database.login(email: try #require(owner.user?.email), password: TestData.password)
        }
    }

    @Test func aPasswordResetRevokesEveryAPITokenAndSession() async throws {
        try await Env.run(corpus: false) { client, env in
            let owner = try await env.customer(client, name: "Otto Reset")
            let email = try #require(owner.user?.email)
            let thief = try await env.signIn(client, email: email, password: TestData.password)
            let token = try await env.apiToken(client, for: thief)

            let asked = try await env.form(client, "/forgot-password", [("email", email)], as: .anonymous)
            #expect(asked.status == .ok)
            let link = try #require(try await env.database.outbox(recipient: email).last { $0.kind == .passwordReset })
            let resetToken = try #require(link.payloadValues["token"])

            // A refused reset (the two passwords differ, or the link is wrong) changes nothing.
            let mismatch = try await env.form(
                client, "/reset-password",
                [("token", resetToken), ("password", Self.newPassword), ("confirm", "Other-Passw0rd-78")],
                tokenPage: "/reset-password?token=\(resetToken)", as: .anonymous)
            #expect(mismatch.status == .unprocessableContent)
            let forgedLink = try await env.form(
                client, "/reset-password",
                [("token", "forged"), ("password", Self.newPassword), ("confirm", Self.newPassword)],
                tokenPage: "/reset-password?token=forged", as: .anonymous)
            #expect(forgedLink.status == .badRequest)
            #expect(try await env.bearerStatus(client, token: token) == .ok)
            #expect(try await env.isSignedIn(client, thief))

            let reset = try await env.form(
                client, "/reset-password",
                [("token", resetToken), ("password", Self.newPassword), ("confirm", Self.newPassword)],
                tokenPage: "/reset-password?token=\(resetToken)", as: .anonymous)

            #expect(reset.status == .seeOther)
            #expect(reset.headers[.location] == "/login")
            #expect(try await env.bearerStatus(client, token: token) == .unauthorized)
            #expect(try await env.isSignedIn(client, thief) == false)
            #expect(try await env.isSignedIn(client, owner) == false)
            let notice = try await env.page(
                client, "/login", as: Caller(cookie: Env.sessionCookie(reset), user: nil, name: "resetting browser"))
            #expect(Self.body(notice).contains("Every session and API token of the account was signed out"))
            let again = try await env.signIn(client, email: email, password: Self.newPassword)
            #expect(try await env.isSignedIn(client, again))
        }
    }
}

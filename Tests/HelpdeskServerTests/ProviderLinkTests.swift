import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// Sign-in providers never silently take over staff accounts: staff link a provider from their account page while
/// signed in; customers linked by their verified address are told by mail.
@Suite("Linking sign-in providers")
struct ProviderLinkTests {
    static let staffRefusal =
        "This address belongs to a staff account. Sign in with your password, then link Test from your account page."

    /// The provider vouches for `email` (verified) as `subject`.
    static func vouch(_ dance: SignInDance, subject: String, email: String) {
        dance.provider.behaviour.withLock {
            $0.subject = subject
            $0.email = email
            $0.emailVerified = true
        }
    }

    @Test("A provider sign-in with a staff account's verified address is refused with a page saying what to do")
    func staffRefused() async throws {
        try await SignInTests().withProvider { dance in
            let env = dance.environment
            let agent = try await env.agent(dance.app, name: "Kim Agent")
            for (subject, email) in [("kim", "kim.agent@staff.test"), ("root", "ADMIN@care.test")] {
                Self.vouch(dance, subject: subject, email: email)
                let attempt = try await dance.signIn(next: "/agent")
                #expect(attempt.response.status == .forbidden)
                let body = String(buffer: attempt.response.body)
                #expect(body.contains("Sign-in with Test did not work"))
                #expect(body.contains(Self.staffRefusal))
                try await dance.expectSignedOut(attempt.caller)
            }
            #expect(try await env.database.identities(ofUser: try #require(agent.user?.id)).isEmpty)
            let admin = try #require(try await dance.user(email: "admin@care.test"))
            #expect(try await env.database.identities(ofUser: admin.requiredID).isEmpty)
            // The password still works, and no mail went out about a link.
            _ = try await env.database.login(email: "kim.agent@staff.test", password: TestData.password)
            #expect(try await env.database.outbox().allSatisfy { $0.kind != .identityLinked })
        }
    }

    @Test("Staff link a provider from the account page, and can sign in with it afterwards")
    func staffLinksThenSignsIn() async throws {
        try await SignInTests().withProvider { dance in
            let env = dance.environment
            let agent = try await env.agent(dance.app, name: "Kim Agent")
            let agentId = try #require(agent.user?.id)
            let before = String(buffer: try await env.page(dance.app, "/account", as: agent).body)
            #expect(before.contains(#"action="/account/identities/test""#))
            #expect(before.contains("Link Test"))

            // The provider's account may use another address: the signed-in session proves whose account it is.
            Self.vouch(dance, subject: "kim-at-test", email: "kim.private@mail.test")
            let linked = try await dance.link(as: agent)
            #expect(linked.response.status == .seeOther)
            #expect(linked.response.headers[.location] == "/account")
            let account = String(buffer: try await env.page(dance.app, "/account", as: linked.caller).body)
            #expect(account.contains("Test sign-in is linked to your account"))
            #expect(account.contains("<strong>Test</strong> · kim.private@mail.test"))
            #expect(!account.contains("Link Test"))
            #expect(try await env.database.identities(ofUser: agentId).map(\.subject) == ["kim-at-test"])
            // Linking is no sign-in: the agent is still in the same session, and the agent got no notification.
            #expect(try await env.isSignedIn(dance.app, agent))
            #expect(try await env.database.outbox().allSatisfy { $0.kind != .identityLinked })

            // Now the provider signs the agent in, in a fresh browser.
            let signIn = try await dance.signIn()
            #expect(signIn.response.status == .seeOther)
            #expect(signIn.response.headers[.location] == "/agent")
            let queue = try await env.page(dance.app, "/agent", as: signIn.caller)
            #expect(queue.status == .ok)
            #expect(String(buffer: queue.body).contains("Kim Agent"))
        }
    }

    @Test("A link is refused without the form's token, for another signed-in user, or when signed out meanwhile")
    func linkDenials() async throws {
        try await SignInTests().withProvider { dance in
            let env = dance.environment
            let agent = try await env.agent(dance.app, name: "Kim Agent")
            let agentId = try #require(agent.user?.id)
            Self.vouch(dance, subject: "kim-at-test", email: "kim.agent@staff.test")

            // Anonymous: sent to sign in. Without the CSRF token: refused. Unknown provider: 404.
            let anonymous = try await env.form(dance.app, "/account/identities/test", [], csrf: nil, as: .anonymous)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location]?.hasPrefix("/login") == true)
            let forged = try await env.form(dance.app, "/account/identities/test", [], csrf: nil, as: agent)
            #expect(forged.status == .forbidden)
            #expect(forged.headers[.location] == nil)
            let unknown = try await env.form(dance.app, "/account/identities/nope", [], tokenPage: "/account", as: agent)
            #expect(unknown.status == .notFound)

            // Signed out between the start and the provider's answer: nothing is linked.
            let start = try await env.form(dance.app, "/account/identities/test", [], tokenPage: "/account", as: agent)
            #expect(start.status == .seeOther)
            try await env.database.deleteSession(id: AppServices.sessionKeyPrefix + Self.cookieValue(agent))
            let late = try await dance.follow(start, caller: agent)
            #expect(late.response.status != .seeOther)
            #expect(try await env.database.identities(ofUser: agentId).isEmpty)

            // An identity already linked to someone else is not moved.
            let customer = try await env.customer(dance.app, name: "Robin Lee")
            Self.vouch(dance, subject: "robin-at-test", email: "robin.lee@customer.test")
            #expect(try await dance.signIn().response.status == .seeOther)
            let again = try await env.signIn(dance.app, email: "kim.agent@staff.test", password: TestData.password)
            let stolen = try await dance.link(as: again)
            #expect(stolen.response.status == .conflict)
            #expect(String(buffer: stolen.response.body).contains("already linked to another account"))
            #expect(try await env.database.identities(ofUser: agentId).isEmpty)
            #expect(try await env.database.identities(ofUser: try #require(customer.user?.id)).map(\.subject) == ["robin-at-test"])
        }
    }

    @Test("A customer linked by verified address is told by mail; a new or already linked account is not")
    func customerGetsMail() async throws {
        try await SignInTests().withProvider { dance in
            let env = dance.environment
            let robin = try await env.customer(dance.app, name: "Robin Lee")
            Self.vouch(dance, subject: "robin-at-test", email: "Robin.Lee@Customer.test")
            let first = try await dance.signIn()
            #expect(first.response.status == .seeOther)
            #expect(first.response.headers[.location] == "/tickets")
            let mails = try await env.database.outbox(recipient: "robin.lee@customer.test").filter { $0.kind == .identityLinked }
            let mail = try #require(mails.first)
            #expect(mails.count == 1)
            #expect(mail.subject == "Test sign-in was linked to your account")
            #expect(mail.body.contains("Hello Robin Lee,"))
            #expect(mail.body.contains("If this wasn't you, reset your password here:\nhttp://care.test/forgot-password"))
            #expect(mail.payloadValues["userId"] == "\(try #require(robin.user?.id))")

            // Signing in again through the link writes no new mail; a new person gets none either.
            #expect(try await dance.signIn().response.status == .seeOther)
            Self.vouch(dance, subject: "new-person", email: "new.person@mail.test")
            #expect(try await dance.signIn().response.status == .seeOther)
            #expect(try await env.database.outbox().filter { $0.kind == .identityLinked }.count == 1)
        }
    }

    /// The session id in a caller's cookie (`care_session=ID`).
    static func cookieValue(_ caller: Caller) throws -> String {
        let cookie = try #require(caller.cookie)
        return String(cookie.dropFirst(AppServices.sessionCookie.count + 1))
    }
}

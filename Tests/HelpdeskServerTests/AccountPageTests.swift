import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// The account page (password change, personal API tokens) and the assignment screen's ranked agents.
@Suite struct AccountPageTests {
    typealias Env = TestEnvironment

    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func changingThePasswordChecksEveryFieldAndSignsOutOtherBrowsers() async throws {
        try await Env.run(corpus: false) { client, env in
            let customer = try await env.customer(client, name: "Petra Pass")
            let email = customer.user!.email
            // A second browser signed in to the same account.
            let laptop = try await env.signIn(client, email: email, password: TestData.password)

            let page = try await env.page(client, "/account", as: customer)
            #expect(page.status == .ok)
            #expect(Self.body(page).contains(email))
            #expect(Self.body(page).contains("Change password"))

            let wrongCurrent = try await env.form(
                client, "/account/password",
                [("currentPassword", "Not-The-Pass-1"), ("password", "New-Passw0rd-77"), ("confirm", "New-Passw0rd-77")],
                tokenPage: "/account", as: customer)
            #expect(wrongCurrent.status == .unprocessableContent)
            #expect(Self.body(wrongCurrent).contains("The current password is wrong."))

            let mismatch = try await env.form(
                client, "/account/password",
                [("currentPassword", TestData.password), ("password", "New-Passw0rd-77"), ("confirm", "New-Passw0rd-78")],
                tokenPage: "/account", as: customer)
            #expect(mismatch.status == .unprocessableContent)
            #expect(Self.body(mismatch).contains("The two new passwords differ."))

            let weak = try await env.form(
                client, "/account/password",
                [("currentPassword", TestData.password), ("password", "short"), ("confirm", "short")],
                tokenPage: "/account", as: customer)
            #expect(weak.status == .unprocessableContent)
            #expect(Self.body(weak).contains("field-error"))

            // Nothing changed so far.
            _ = try await env.database.login(email: email, password: TestData.password)

            let changed = try await env.form(
                client, "/account/password",
                [("currentPassword", TestData.password), ("password", "New-Passw0rd-77"), ("confirm", "New-Passw0rd-77")],
                tokenPage: "/account", as: customer)
            #expect(changed.status == .seeOther)
            #expect(changed.headers[.location] == "/account")
            // This browser continues in a fresh session; the other one is signed out.
            let fresh = try #require(Env.sessionCookie(changed))
            let after = try await env.page(client, "/account", as: Caller(cookie: fresh, user: customer.user, name: "fresh"))
            #expect(after.status == .ok)
            #expect(Self.body(after).contains("Password changed. Other sessions and API tokens were signed out"))
            #expect(try await env.page(client, "/tickets", as: laptop).status == .seeOther)
            #expect(try await env.page(client, "/tickets", as: customer).status == .seeOther)

            await #expect(throws: HelpdeskError.self) { try await env.database.login(email: email, password: TestData.password) }
            _ = try await env.database.login(email: email, password: "New-Passw0rd-77")
        }
    }

    @Test func apiTokensAreShownOnceWorkAndCanBeRevokedOnlyByTheirOwner() async throws {
        try await Env.run(corpus: false) { client, env in
            let customer = try await env.customer(client, name: "Tom Token")
            let other = try await env.customer(client, name: "Olga Other")

            let blank = try await env.form(client, "/account/tokens", [("name", "  ")], tokenPage: "/account", as: customer)
            #expect(blank.status == .unprocessableContent)
            #expect(Self.body(blank).contains("field-error"))

            let created = try await env.form(client, "/account/tokens", [("name", "Nightly <export>")], tokenPage: "/account", as: customer)
            #expect(created.status == .created)
            let html = Self.body(created)
            #expect(html.contains("Nightly &lt;export&gt;"))
            #expect(!html.contains("Nightly <export>"))
            let range = try #require(html.range(of: #"ccr_[A-Za-z0-9_\-]+"#, options: .regularExpression))
            let token = String(html[range])

            // The token authenticates API calls as its owner.
            let me = try await env.api(client, .get, "/api/v1/session", headers: [.authorization: "Bearer \(token)"], as: .anonymous)
            #expect(me.status == .ok)
            #expect(try (Env.json(me)["user"] as? [String: Any])?["email"] as? String == customer.user!.email)

            // Shown once: the page lists the name, never the value again.
            let later = Self.body(try await env.page(client, "/account", as: customer))
            #expect(later.contains("Nightly &lt;export&gt;"))
            #expect(!later.contains(token))

            let tokenId = try #require(try await env.database.apiTokens(of: customer.user!).first?.id)
            // Another customer cannot revoke it (404, and the token still works).
            let foreign = try await env.form(client, "/account/tokens/\(tokenId)/revoke", [], tokenPage: "/account", as: other)
            #expect(foreign.status == .notFound)
            #expect(try await env.api(client, .get, "/api/v1/session", headers: [.authorization: "Bearer \(token)"], as: .anonymous).status == .ok)
            // Without the CSRF token the form is refused.
            let forged = try await env.form(client, "/account/tokens/\(tokenId)/revoke", [], csrf: nil, as: customer)
            #expect(forged.status == .forbidden)

            let revoked = try await env.form(client, "/account/tokens/\(tokenId)/revoke", [], tokenPage: "/account", as: customer)
            #expect(revoked.status == .seeOther)
            #expect(try await env.api(client, .get, "/api/v1/session", headers: [.authorization: "Bearer \(token)"], as: .anonymous).status == .unauthorized)
            #expect(Self.body(try await env.page(client, "/account", as: customer)).contains("revoked"))
        }
    }

    @Test func anonymousVisitorsAreSentToSignIn() async throws {
        try await Env.run(corpus: false) { client, env in
            let page = try await env.page(client, "/account", as: .anonymous)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location]?.hasPrefix("/login") == true)
        }
    }

    @Test func assignmentRanksTheAgentWhoResolvedSimilarTicketsAndSaysWhy() async throws {
        try await Env.run { client, env in
            let admin = try await env.admin(client)
            let adminUser = admin.user!
            let customer = try await env.customer(client, name: "Rita Router")
            let gus = try await env.agent(client, name: "Gus Wifi", capacity: 3)
            let hana = try await env.agent(client, name: "Hana Billing", capacity: 3)
            let gusUser = gus.user!, hanaUser = hana.user!

            // History: Gus resolved a Wi-Fi ticket, Hana a refund ticket.
            let wifi = try await env.database.createTicket(
                by: customer.user!, subject: "Wi-Fi keeps dropping every evening",
                description: "The router loses the wifi connection and the lights blink orange.")
            _ = try await env.database.assign(ticketId: wifi.requiredID, to: gusUser.requiredID, by: adminUser)
            _ = try await env.database.resolve(
                ticketId: wifi.requiredID, by: gusUser, with: .new(SolutionDraft(title: "Router drops wifi", steps: ["Restart the router."])))
            let refund = try await env.database.createTicket(
                by: customer.user!, subject: "Refund for a double charge", description: "I was charged twice for one order.")
            _ = try await env.database.assign(ticketId: refund.requiredID, to: hanaUser.requiredID, by: adminUser)
            _ = try await env.database.resolve(
                ticketId: refund.requiredID, by: hanaUser, with: .new(SolutionDraft(title: "Refund a double charge", steps: ["Refund one."])))

            let fresh = try await env.database.createTicket(
                by: customer.user!, subject: "Wifi dropping again", description: "My router keeps dropping the wifi connection.")
            let page = Self.body(try await env.page(client, "/admin/assignment", as: admin))
            let row = try #require(page.range(of: "#\(fresh.requiredID) Wifi dropping again"))
            let after = page[row.upperBound...]
            let ranked = try #require(after.range(of: "<ol class=\"ranked\""))
            let list = after[ranked.lowerBound...].prefix { _ in true }
            let end = try #require(list.range(of: "</ol>"))
            let ranking = String(list[..<end.lowerBound])
            let items = ranking.components(separatedBy: "<li>").dropFirst()
            #expect(items.first?.contains("Gus Wifi") == true)
            #expect(items.first?.contains("resolved 1 similar ticket") == true)
            // Hana resolved nothing similar: at most a new agent's share, with no similar history named.
            let hanaItem = items.first { $0.contains("Hana Billing") }
            #expect(hanaItem.map { $0.contains("no similar history") && $0.contains("new agent") && !$0.contains("resolved") } ?? true)
            #expect(ranking.contains("#\(wifi.requiredID) Wi-Fi keeps dropping every evening"), "the explanation names the ticket")

            // Auto-assign follows the ranking.
            let auto = try await env.form(
                client, "/agent/tickets/\(fresh.requiredID)/assign", [("auto", "1"), ("back", "/admin/assignment")], as: admin)
            #expect(auto.status == .seeOther)
            #expect(try await env.database.ticket(id: fresh.requiredID, for: adminUser).assigneeId == gusUser.requiredID)

            // Agents and customers do not see the screen.
            #expect(try await env.page(client, "/admin/assignment", as: gus).status == .notFound)
            #expect(try await env.page(client, "/admin/assignment", as: customer).status == .notFound)
        }
    }
}

extension AccountPageTests {
    @Test func theAccountPageListsLinkedSignInProviders() async throws {
        var arguments = TestArguments()
        arguments.oidcProviders = [.google(clientId: "client-1", clientSecret: "secret-1")]
        try await Env.run(arguments, corpus: false) { client, env in
            let customer = try await env.customer(client, name: "Lin Linked")
            let before = String(buffer: try await env.page(client, "/account", as: customer).body)
            #expect(before.contains("None linked."))
            _ = try await env.database.signIn(with: ProviderIdentity(
                provider: "google", providerTitle: "Google", subject: "g-123", email: customer.user!.email,
                emailVerified: true, name: "Lin"))
            let after = String(buffer: try await env.page(client, "/account", as: customer).body)
            #expect(after.contains("<strong>Google</strong> · \(customer.user!.email)"))
        }
    }
}

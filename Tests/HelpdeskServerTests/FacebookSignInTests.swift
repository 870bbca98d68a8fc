import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// Sign-in with Facebook (plain OAuth 2 and the Graph API's `/me`), end to end: the "Continue with Facebook" button,
/// our redirect to the login dialog, the dialog's redirect back, the code exchange and the `/me` call, against the
/// Facebook-style endpoints of `TestOpenIDProvider` on loopback.
@Suite("Sign-in with Facebook")
struct FacebookSignInTests {
    /// The app under test registers this callback at Facebook.
    static let redirectURI = "http://care.test/auth/facebook/callback"

    /// Serves a test provider and runs the app configured with its Facebook-style endpoints (as provider `facebook`).
    func withFacebook(_ body: @Sendable (FacebookDance) async throws -> Void) async throws {
        let provider = TestOpenIDProvider(redirectURI: Self.redirectURI)
        try await provider.run { _, browser in
            var arguments = TestArguments()
            arguments.oidcProviders = [provider.facebookSettings()]
            try await TestEnvironment.run(arguments) { client, environment in
                provider.behaviour.withLock { $0.subject = "10229876543210987" }
                try await body(FacebookDance(app: client, browser: browser, provider: provider, environment: environment))
            }
        }
    }

    // MARK: - Signing in

    @Test("A person new to us becomes a confirmed customer, signed in; the same Facebook id comes back to that account")
    func newCustomer() async throws {
        try await withFacebook { dance in
            let register = try await dance.environment.page(dance.app, "/register", as: .anonymous)
            #expect(String(buffer: register.body).contains(#"<a class="button" href="/auth/facebook">Continue with Facebook</a>"#))

            let first = try await dance.signIn()
            #expect(first.response.status == .seeOther)
            #expect(first.response.headers[.location] == "/tickets")
            let tickets = try await dance.environment.page(dance.app, "/tickets", as: first.caller)
            #expect(tickets.status == .ok)
            #expect(String(buffer: tickets.body).contains("Pat Doe"))

            let user = try #require(try await dance.user(email: "pat.doe@mail.test"))
            #expect(user.role == .customer)
            #expect(user.isConfirmed)
            let links = try await dance.environment.database.identities(ofUser: user.requiredID)
            #expect(links.map(\.provider) == ["facebook"])
            #expect(links.map(\.subject) == ["10229876543210987"])
            // The code went to the token endpoint with the secret in the form; `/me` got the token as a Bearer header,
            // with a correct appsecret_proof.
            #expect(dance.provider.tokenRequests.withLock { $0 } == ["post"])
            #expect(dance.provider.userInfoRequests.withLock { $0.map(\.via) } == ["bearer"])
            #expect(dance.provider.userInfoRequests.withLock { $0.map(\.proof) } == [true])
            try dance.expectNoAccessToken(in: first.response)

            // The second time the Facebook id signs in the same account, even with another address at Facebook.
            dance.provider.behaviour.withLock { $0.email = "pat.new@mail.test" }
            let second = try await dance.signIn(next: "/tickets/new")
            #expect(second.response.status == .seeOther)
            #expect(second.response.headers[.location] == "/tickets/new")
            #expect(try await dance.user(email: "pat.new@mail.test") == nil)
            #expect(try await dance.environment.database.identities(ofUser: user.requiredID).count == 1)
        }
    }

    @Test("An existing customer with the address Facebook returns is linked, told by mail, and keeps the password")
    func linksExistingAccount() async throws {
        try await withFacebook { dance in
            let env = dance.environment
            let robin = try await env.customer(dance.app, name: "Robin Lee")
            dance.provider.behaviour.withLock {
                $0.email = "Robin.Lee@Customer.test"
                $0.name = "Robin L."
            }
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .seeOther)
            let page = try await env.page(dance.app, "/tickets", as: outcome.caller)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("Robin Lee"))
            let id = try #require(robin.user?.id)
            #expect(try await env.database.identities(ofUser: id).map(\.provider) == ["facebook"])
            let mails = try await env.database.outbox(recipient: "robin.lee@customer.test").filter { $0.kind == .identityLinked }
            #expect(mails.map(\.subject) == ["Facebook sign-in was linked to your account"])
            let stillThere = try await env.database.login(email: "robin.lee@customer.test", password: TestData.password)
            #expect(stillThere.id == id)
        }
    }

    @Test("A staff address is not linked by a Facebook sign-in")
    func staffAddress() async throws {
        try await withFacebook { dance in
            let agent = try await dance.environment.agent(dance.app, name: "Kim Agent")
            dance.provider.behaviour.withLock { $0.email = "kim.agent@staff.test" }
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .forbidden)
            #expect(String(buffer: outcome.response.body).contains("link Facebook from your account page"))
            try await dance.expectSignedOut(outcome.caller)
            #expect(try await dance.environment.database.identities(ofUser: try #require(agent.user?.id)).isEmpty)
        }
    }

    @Test("Staff link Facebook from the account page; then it signs them in, even without sharing an address")
    func staffLink() async throws {
        try await withFacebook { dance in
            let agent = try await dance.environment.agent(dance.app, name: "Kim Agent")
            dance.provider.behaviour.withLock { $0.email = nil }
            let linked = try await dance.link(as: agent)
            #expect(linked.response.status == .seeOther)
            #expect(linked.response.headers[.location] == "/account")
            let account = try await dance.environment.page(dance.app, "/account", as: agent)
            #expect(String(buffer: account.body).contains("Facebook sign-in is linked to your account"))
            let id = try #require(agent.user?.id)
            #expect(try await dance.environment.database.identities(ofUser: id).map(\.provider) == ["facebook"])

            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .seeOther)
            #expect(outcome.response.headers[.location] == "/agent")
        }
    }

    // MARK: - Refusals

    @Test("A Facebook account that shares no e-mail address is refused with a clear page, and no account is made")
    func noAddress() async throws {
        try await withFacebook { dance in
            dance.provider.behaviour.withLock { $0.email = nil }
            let before = try await dance.userCount()
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .forbidden)
            let body = String(buffer: outcome.response.body)
            #expect(body.contains("Sign-in with Facebook did not work"))
            #expect(body.contains("Facebook did not share an e-mail address"))
            try await dance.expectSignedOut(outcome.caller)
            #expect(try await dance.userCount() == before)
            // Asked once, the dialog asks again for the address next time (Facebook otherwise never asks twice).
            #expect(outcome.authorizeQuery.contains(URLQueryItem(name: "auth_type", value: "rerequest")))
        }
    }

    @Test("A forged or missing state is refused before the code is exchanged")
    func badState() async throws {
        try await withFacebook { dance in
            let forged = try await dance.signIn(callback: { components in
                components.queryItems = components.queryItems?.map {
                    $0.name == "state" ? URLQueryItem(name: "state", value: "forged-state") : $0
                }
            })
            #expect(forged.response.status == .badRequest)
            #expect(String(buffer: forged.response.body).contains("not valid or was already used"))
            try await dance.expectSignedOut(forged.caller)
            // The genuine answer is refused too: the attempt was used up.
            let genuine = try await dance.environment.page(dance.app, forged.genuineCallbackURI, as: forged.caller)
            #expect(genuine.status == .badRequest)

            let missing = try await dance.signIn(callback: { components in
                components.queryItems = components.queryItems?.filter { $0.name != "state" }
            })
            #expect(missing.response.status == .badRequest)
            #expect(String(buffer: missing.response.body).contains("not valid or was already used"))
            try await dance.expectSignedOut(missing.caller)

            #expect(dance.provider.tokenRequests.withLock { $0 }.isEmpty)
            #expect(try await dance.user(email: "pat.doe@mail.test") == nil)
        }
    }

    @Test("A code the token endpoint refuses gives a clear page, and nobody is signed in")
    func tokenRefused() async throws {
        try await withFacebook { dance in
            dance.provider.behaviour.withLock { $0.flaw = .tokenEndpointError }
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .badRequest)
            let body = String(buffer: outcome.response.body)
            #expect(body.contains("Sign-in with Facebook did not work"))
            #expect(body.contains("We could not complete the sign-in with Facebook"))
            #expect(body.contains("Back to sign in"))
            try await dance.expectSignedOut(outcome.caller)
            #expect(dance.provider.userInfoRequests.withLock { $0 }.isEmpty)
            #expect(try await dance.user(email: "pat.doe@mail.test") == nil)
        }
    }

    @Test("Cancelling at Facebook gives a page saying so")
    func cancelled() async throws {
        try await withFacebook { dance in
            dance.provider.behaviour.withLock { $0.flaw = .accessDenied }
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .forbidden)
            #expect(String(buffer: outcome.response.body).contains("access was denied or cancelled"))
            try await dance.expectSignedOut(outcome.caller)
        }
    }

    static let userInfoFlaws: [TestOpenIDProvider.Flaw] = [
        .userInfoError, .userInfoHuge, .userInfoMalformed, .userInfoDeep, .userInfoWithoutId,
    ]

    @Test("A /me that fails, floods or answers nonsense gives a clear 4xx page, not a server error", arguments: userInfoFlaws)
    func userInfoFails(flaw: TestOpenIDProvider.Flaw) async throws {
        try await withFacebook { dance in
            dance.provider.behaviour.withLock { $0.flaw = flaw }
            let before = try await dance.userCount()
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .badRequest)
            let body = String(buffer: outcome.response.body)
            #expect(body.contains("Sign-in with Facebook did not work"))
            #expect(body.contains("We could not complete the sign-in with Facebook"))
            #expect(body.count < 64 * 1024)
            try dance.expectNoAccessToken(in: outcome.response)
            try await dance.expectSignedOut(outcome.caller)
            #expect(dance.provider.userInfoRequests.withLock { $0.count } == 1)
            #expect(try await dance.userCount() == before)
        }
    }

    // MARK: - Configuration

    @Test("The facebook preset: Graph v19.0 endpoints, email and public_profile, and its own button text")
    func preset() throws {
        let facebook = OIDCProviderSettings.facebook(clientId: "app-id", clientSecret: "app-secret")
        #expect(facebook.name == "facebook")
        #expect(facebook.title == "Facebook")
        #expect(facebook.buttonText == "Continue with Facebook")
        guard case .oauth2(let endpoints) = facebook.kind else {
            Issue.record("the facebook preset is not OAuth 2")
            return
        }
        #expect(endpoints.authorization == "https://www.facebook.com/v19.0/dialog/oauth")
        #expect(endpoints.token == "https://graph.facebook.com/v19.0/oauth/access_token")
        #expect(endpoints.userInfo == "https://graph.facebook.com/v19.0/me?fields=id,name,email")
        #expect(endpoints.scope == "email public_profile")

        // Google and LinkedIn stay OpenID Connect, with the usual words on their buttons.
        #expect(OIDCProviderSettings.google(clientId: "g", clientSecret: "s").kind == .openIDConnect)
        let providers = SignInProviders(
            [.google(clientId: "g", clientSecret: "s"), facebook], baseURL: "https://help.example.com", logger: .init(label: "test"))
        let buttons = providers.buttons(next: nil)
        #expect(buttons.map(\.signIn) == ["Sign in with Google", "Continue with Facebook"])
        #expect(buttons.map(\.signUp) == ["Sign up with Google", "Continue with Facebook"])
        guard case .oauth2(let client) = providers.client(named: "facebook") else {
            Issue.record("no OAuth 2 client for facebook")
            return
        }
        #expect(client.redirectURI == "https://help.example.com/auth/facebook/callback")

        // RFC 4231, test case 2: the appsecret_proof's HMAC-SHA256.
        let mac = OAuth2Client.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Hashing.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}

/// One browser going through Facebook sign-in: the app's test client, the provider's (live) client, and the provider.
struct FacebookDance: Sendable {
    let app: any TestClientProtocol
    let browser: any TestClientProtocol
    let provider: TestOpenIDProvider
    let environment: TestEnvironment

    /// What the app answered on the callback.
    struct Outcome {
        /// The callback's response.
        var response: TestResponse
        /// The browser afterwards (its session cookie).
        var caller: Caller
        /// The callback address the provider sent back, before any tampering.
        var genuineCallbackURI: String
        /// The query of our redirect to the login dialog.
        var authorizeQuery: [URLQueryItem]
    }

    /// Opens the login page, follows "Continue with Facebook" to the dialog and back, and returns the app's callback
    /// answer; `callback` may tamper with the address the dialog sends the browser back to.
    func signIn(next: String? = nil, callback edit: ((inout URLComponents) -> Void)? = nil) async throws -> Outcome {
        var caller = Caller(cookie: nil, user: nil, name: "browser")
        let loginURI = next.map { "/login?next=" + TestEnvironment.encode($0) } ?? "/login"
        let login = try await environment.page(app, loginURI, as: .anonymous)
        let html = String(buffer: login.body)
        let range = try #require(html.range(of: #"href="[^"]+">Continue with Facebook<"#, options: .regularExpression))
        let href = html[range].split(separator: "\"")[1].replacingOccurrences(of: "&amp;", with: "&")
        caller.cookie = TestEnvironment.sessionCookie(login)

        let start = try await environment.page(app, href, as: caller)
        #expect(start.status == .found)
        return try await follow(start, caller: caller, callback: edit)
    }

    /// Links Facebook to `caller`'s account: the account page's "Link Facebook" form, the dialog, and back.
    func link(as caller: Caller) async throws -> Outcome {
        let start = try await environment.form(app, "/account/identities/facebook", [], tokenPage: "/account", as: caller)
        #expect(start.status == .seeOther)
        return try await follow(start, caller: caller)
    }

    /// Follows our answer `start` (a redirect to the login dialog) to the dialog and back to our callback.
    func follow(
        _ start: TestResponse,
        caller: Caller,
        callback edit: ((inout URLComponents) -> Void)? = nil
    ) async throws -> Outcome {
        var caller = caller
        // Our start route sends the browser to the dialog, with PKCE and state, but no nonce and no secret.
        if let cookie = TestEnvironment.sessionCookie(start) { caller.cookie = cookie }
        let authorize = try #require(start.headers[.location])
        #expect(authorize.hasPrefix(provider.issuer + "/v19.0/dialog/oauth?"))
        let query = URLComponents(string: authorize)?.queryItems ?? []
        for name in ["state", "code_challenge"] {
            #expect(query.contains { $0.name == name && ($0.value?.count ?? 0) >= 43 }, "\(name) missing or short")
        }
        #expect(query.contains(URLQueryItem(name: "code_challenge_method", value: "S256")))
        #expect(query.contains(URLQueryItem(name: "scope", value: "email public_profile")))
        #expect(query.contains(URLQueryItem(name: "redirect_uri", value: FacebookSignInTests.redirectURI)))
        #expect(!query.contains { ["nonce", "client_secret", "code_verifier"].contains($0.name) })

        // The dialog sends the browser back to our callback.
        let atProvider = try await browser.execute(uri: String(authorize.dropFirst(provider.issuer.count)), method: .get)
        #expect(atProvider.status == .found)
        let location = try #require(atProvider.headers[.location])
        var back = try #require(URLComponents(string: location))
        #expect(back.path == "/auth/facebook/callback")
        let genuine = SignInDance.localURI(back)
        edit?(&back)
        let response = try await environment.page(app, SignInDance.localURI(back), as: caller)
        if let cookie = TestEnvironment.sessionCookie(response) { caller.cookie = cookie }
        return Outcome(response: response, caller: caller, genuineCallbackURI: genuine, authorizeQuery: query)
    }

    /// No access token the provider handed out shows in the response's body or headers.
    func expectNoAccessToken(in response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = String(buffer: response.body) + response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
        for token in provider.accessTokens.withLock({ $0 }) {
            #expect(!text.contains(token), sourceLocation: sourceLocation)
        }
    }

    /// A page for signed-in users sends this browser to the login page.
    func expectSignedOut(_ caller: Caller, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let page = try await environment.page(app, "/tickets", as: caller)
        #expect(page.status == .seeOther, sourceLocation: sourceLocation)
        #expect(page.headers[.location]?.hasPrefix("/login") == true, sourceLocation: sourceLocation)
    }

    /// The account with `email`, if any.
    func user(email: String) async throws -> User? {
        try await users().first { $0.email == email }
    }

    /// How many accounts there are.
    func userCount() async throws -> Int {
        try await users().count
    }

    private func users() async throws -> [User] {
        let admin = try await environment.database.login(email: "admin@care.test", password: TestData.adminPassword)
        return try await environment.database.users(for: admin)
    }
}

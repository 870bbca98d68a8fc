import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// Sign-in with an OpenID Connect provider, end to end: the login page's button, our redirect to the provider, the
/// provider's redirect back, the code exchange and the ID token check, against `TestOpenIDProvider` on loopback.
@Suite("Sign-in with OpenID Connect")
struct SignInTests {
    /// The app under test registers this callback at the provider.
    static let redirectURI = "http://care.test/auth/test/callback"

    /// Serves a test provider and runs the app configured with it (as provider `test`).
    func withProvider(
        clientId: String = TestOpenIDProvider.clientId,
        _ body: @Sendable (SignInDance) async throws -> Void
    ) async throws {
        let provider = TestOpenIDProvider(redirectURI: Self.redirectURI)
        try await provider.run { _, browser in
            var arguments = TestArguments()
            arguments.oidcProviders = [provider.settings(clientId: clientId)]
            try await TestEnvironment.run(arguments) { client, environment in
                try await body(SignInDance(app: client, browser: browser, provider: provider, environment: environment))
            }
        }
    }

    // MARK: - Signing in

    @Test("A verified address new to us becomes a confirmed customer, signed in, and the same person comes back")
    func newCustomer() async throws {
        try await withProvider { dance in
            let first = try await dance.signIn()
            #expect(first.response.status == .seeOther)
            #expect(first.response.headers[.location] == "/tickets")
            let tickets = try await dance.environment.page(dance.app, "/tickets", as: first.caller)
            #expect(tickets.status == .ok)
            #expect(String(buffer: tickets.body).contains("Pat Doe"))

            let user = try #require(try await dance.user(email: "pat.doe@mail.test"))
            #expect(user.role == .customer)
            #expect(user.isConfirmed)
            #expect(user.name == "Pat Doe")
            // No password was chosen, so none works.
            await #expect(throws: HelpdeskError.invalidCredentials) {
                try await dance.environment.database.login(email: "pat.doe@mail.test", password: TestData.password)
            }
            let links = try await dance.environment.database.identities(ofUser: user.requiredID)
            #expect(links.map(\.provider) == ["test"])
            #expect(links.map(\.subject) == ["subject-1"])
            // Both advertised: the client authenticates with HTTP Basic, the provider's check passed.
            #expect(dance.provider.tokenRequests.withLock { $0 } == ["basic"])

            // The second time, the link signs in the same account, and `next` is honoured.
            let second = try await dance.signIn(next: "/tickets/new")
            #expect(second.response.status == .seeOther)
            #expect(second.response.headers[.location] == "/tickets/new")
            let again = try #require(try await dance.user(email: "pat.doe@mail.test"))
            #expect(again.id == user.id)
            #expect(try await dance.environment.database.identities(ofUser: user.requiredID).count == 1)
        }
    }

    @Test("An existing account with the same verified address is linked, and its password keeps working")
    func linksExistingAccount() async throws {
        try await withProvider { dance in
            let robin = try await dance.environment.customer(dance.app, name: "Robin Lee")
            dance.provider.behaviour.withLock {
                $0.subject = "robin-at-provider"
                $0.email = "Robin.Lee@Customer.test"
                $0.name = "Robin L."
            }
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .seeOther)
            let page = try await dance.environment.page(dance.app, "/tickets", as: outcome.caller)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("Robin Lee"))
            let id = try #require(robin.user?.id)
            #expect(try await dance.environment.database.identities(ofUser: id).map(\.subject) == ["robin-at-provider"])
            let stillThere = try await dance.environment.database.login(email: "robin.lee@customer.test", password: TestData.password)
            #expect(stillThere.id == id)
            #expect(stillThere.name == "Robin Lee")
        }
    }

    @Test("An unverified address never links to an existing account nor creates one")
    func unverifiedAddress() async throws {
        try await withProvider { dance in
            let robin = try await dance.environment.customer(dance.app, name: "Robin Lee")
            dance.provider.behaviour.withLock {
                $0.subject = "someone-else"
                $0.email = "robin.lee@customer.test"
                $0.emailVerified = false
            }
            let takeover = try await dance.signIn()
            #expect(takeover.response.status == .forbidden)
            let body = String(buffer: takeover.response.body)
            #expect(body.contains("Sign-in with Test did not work"))
            #expect(body.contains("has not verified the address robin.lee@customer.test"))
            try await dance.expectSignedOut(takeover.caller)
            #expect(try await dance.environment.database.identities(ofUser: try #require(robin.user?.id)).isEmpty)

            dance.provider.behaviour.withLock { $0.email = "new.person@mail.test" }
            let newcomer = try await dance.signIn()
            #expect(newcomer.response.status == .forbidden)
            #expect(try await dance.user(email: "new.person@mail.test") == nil)
        }
    }

    @Test("A provider offering only client_secret_post gets the secret in the form; \"true\" as a string counts")
    func linkedInStyle() async throws {
        try await withProvider { dance in
            dance.provider.authMethods.withLock { $0 = ["client_secret_post"] }
            dance.provider.behaviour.withLock { $0.verifiedAsString = true }
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .seeOther)
            #expect(dance.provider.tokenRequests.withLock { $0 } == ["post"])
            #expect(try await dance.user(email: "pat.doe@mail.test")?.isConfirmed == true)

            dance.provider.behaviour.withLock {
                $0.subject = "subject-2"
                $0.email = "other@mail.test"
                $0.emailVerified = false
            }
            let unverified = try await dance.signIn()
            #expect(unverified.response.status == .forbidden)
            #expect(try await dance.user(email: "other@mail.test") == nil)
        }
    }

    @Test("A provider that shares no address is refused")
    func noAddress() async throws {
        try await withProvider { dance in
            dance.provider.behaviour.withLock { $0.email = nil }
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .forbidden)
            #expect(String(buffer: outcome.response.body).contains("did not share an e-mail address"))
            try await dance.expectSignedOut(outcome.caller)
        }
    }

    @Test("An account registered but never confirmed is confirmed by a verified sign-in, and its password dropped")
    func unconfirmedAccount() async throws {
        try await withProvider { dance in
            // Someone registered the address first, with a password of their choosing, and never confirmed it.
            try await dance.environment.database.register(name: "Squatter", email: "pat.doe@mail.test", password: TestData.password)
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .seeOther)
            let user = try #require(try await dance.user(email: "pat.doe@mail.test"))
            #expect(user.isConfirmed)
            await #expect(throws: HelpdeskError.invalidCredentials) {
                try await dance.environment.database.login(email: "pat.doe@mail.test", password: TestData.password)
            }
        }
    }

    @Test("A deactivated account cannot sign in through its provider")
    func deactivatedAccount() async throws {
        try await withProvider { dance in
            let agent = try await dance.environment.agent(dance.app, name: "Kim Agent")
            dance.provider.behaviour.withLock {
                $0.subject = "kim"
                $0.email = "kim.agent@staff.test"
            }
            // A staff account gets its link from the account page.
            let linked = try await dance.link(as: agent)
            #expect(linked.response.headers[.location] == "/account")
            let first = try await dance.signIn()
            #expect(first.response.status == .seeOther)
            #expect(first.response.headers[.location] == "/agent")

            let admin = try await dance.environment.database.login(email: "admin@care.test", password: TestData.adminPassword)
            try await dance.environment.database.deactivateAgent(id: try #require(agent.user?.id), by: admin)
            let second = try await dance.signIn()
            #expect(second.response.status == .forbidden)
            #expect(String(buffer: second.response.body).contains("deactivated"))
            try await dance.expectSignedOut(second.caller)
        }
    }

    // MARK: - Refusals

    static let refusals: [(TestOpenIDProvider.Flaw, HTTPResponse.Status, String)] = [
        (.wrongNonce, .badRequest, "does not belong to this attempt"),
        (.expired, .badRequest, "has expired"),
        (.wrongAudience, .badRequest, "cannot trust"),
        (.wrongIssuer, .badRequest, "cannot trust"),
        (.badSignature, .badRequest, "cannot trust"),
        (.tokenEndpointError, .badRequest, "could not complete the sign-in"),
        (.accessDenied, .forbidden, "access was denied or cancelled"),
    ]

    @Test("A provider's mistake is refused with a clear page and nobody is signed in", arguments: refusals)
    func refusal(flaw: TestOpenIDProvider.Flaw, status: HTTPResponse.Status, phrase: String) async throws {
        try await withProvider { dance in
            dance.provider.behaviour.withLock { $0.flaw = flaw }
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == status)
            let body = String(buffer: outcome.response.body)
            #expect(body.contains("Sign-in with Test did not work"))
            #expect(body.contains(phrase))
            #expect(body.contains("Back to sign in"))
            try await dance.expectSignedOut(outcome.caller)
            #expect(try await dance.user(email: "pat.doe@mail.test") == nil)
        }
    }

    @Test("A tampered or missing state is refused, and the attempt cannot be finished afterwards")
    func tamperedState() async throws {
        try await withProvider { dance in
            let tampered = try await dance.signIn(callback: { components in
                components.queryItems = components.queryItems?.map {
                    $0.name == "state" ? URLQueryItem(name: "state", value: "forged-state") : $0
                }
            })
            #expect(tampered.response.status == .badRequest)
            #expect(String(buffer: tampered.response.body).contains("not valid or was already used"))
            try await dance.expectSignedOut(tampered.caller)
            // The genuine answer is refused too: the attempt was used up by the forged one.
            let genuine = try await dance.callback(tampered.genuineCallbackURI, caller: tampered.caller)
            #expect(genuine.status == .badRequest)
            #expect(try await dance.user(email: "pat.doe@mail.test") == nil)

            let missing = try await dance.signIn(callback: { components in
                components.queryItems = components.queryItems?.filter { $0.name != "state" }
            })
            #expect(missing.response.status == .badRequest)
            try await dance.expectSignedOut(missing.caller)

            // A callback in a browser that never started a sign-in.
            let stranger = try await dance.callback(missing.genuineCallbackURI, caller: .anonymous)
            #expect(stranger.status == .badRequest)
        }
    }

    @Test("A callback is used once: replaying a successful one is refused")
    func replay() async throws {
        try await withProvider { dance in
            let outcome = try await dance.signIn()
            #expect(outcome.response.status == .seeOther)
            let replayed = try await dance.callback(outcome.genuineCallbackURI, caller: outcome.caller)
            #expect(replayed.status == .badRequest)
        }
    }

    // MARK: - Configuration

    @Test("Only configured providers get a button; an unknown one is a 404 page")
    func buttons() async throws {
        try await TestEnvironment.run { client, environment in
            let login = try await environment.page(client, "/login", as: .anonymous)
            #expect(!String(buffer: login.body).contains("Sign in with"))
            let unknown = try await environment.page(client, "/auth/google", as: .anonymous)
            #expect(unknown.status == .notFound)
        }
        try await withProvider { dance in
            let register = try await dance.environment.page(dance.app, "/register", as: .anonymous)
            #expect(String(buffer: register.body).contains(#"<a class="button" href="/auth/test">Sign up with Test</a>"#))
            let login = try await dance.environment.page(dance.app, "/login?next=%2Ftickets%2F4", as: .anonymous)
            #expect(String(buffer: login.body).contains(#"href="/auth/test?next=%2Ftickets%2F4""#))
        }
    }

    @Test("A provider that cannot be reached gives a page with a 4xx status, not a server error")
    func providerDown() async throws {
        var arguments = TestArguments()
        // Port 9 (discard) is closed on the test machines' loopback.
        arguments.oidcProviders = [
            OIDCProviderSettings(name: "down", issuer: "http://127.0.0.1:9", clientId: "id", clientSecret: "secret")
        ]
        try await TestEnvironment.run(arguments) { client, environment in
            let response = try await environment.page(client, "/auth/down", as: .anonymous)
            #expect(response.status == .badRequest)
            #expect(String(buffer: response.body).contains("We could not complete the sign-in with Down"))
        }
    }

    @Test("A discovery document that names another issuer is not trusted")
    func foreignIssuer() async throws {
        let provider = TestOpenIDProvider(redirectURI: Self.redirectURI)
        try await provider.run { issuer, _ in
            var arguments = TestArguments()
            // Same server, another spelling: the document says http://127.0.0.1:PORT.
            let spelledOtherwise = issuer.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            arguments.oidcProviders = [
                OIDCProviderSettings(name: "test", issuer: spelledOtherwise, clientId: "id", clientSecret: "secret")
            ]
            try await TestEnvironment.run(arguments) { client, environment in
                let response = try await environment.page(client, "/auth/test", as: .anonymous)
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("We could not complete the sign-in with Test"))
                #expect(response.headers[.location] == nil)
            }
        }
    }

    @Test("Provider settings: NAME,ISSUER,CLIENT_ID,CLIENT_SECRET, presets, and clear refusals")
    func settings() throws {
        let custom = try OIDCProviderSettings.parse("Okta,https://example.okta.test/oauth2/default,abc,s3cr,et")
        #expect(custom.name == "okta")
        #expect(custom.title == "Okta")
        #expect(custom.issuer == "https://example.okta.test/oauth2/default")
        #expect(custom.clientId == "abc")
        #expect(custom.clientSecret == "s3cr,et")
        #expect(custom.discoveryURL == "https://example.okta.test/oauth2/default/.well-known/openid-configuration")

        let google = OIDCProviderSettings.google(clientId: "g", clientSecret: "s")
        #expect(google.acceptedIssuers == ["https://accounts.google.com", "accounts.google.com"])
        #expect(OIDCProviderSettings.linkedIn(clientId: "l", clientSecret: "s").discoveryURL
            == "https://www.linkedin.com/oauth/.well-known/openid-configuration")

        let list = try OIDCProviderSettings.parseList("a,https://a.test,1,x; b,http://127.0.0.1:8000,2,y")
        #expect(list.map(\.name) == ["a", "b"])

        #expect(throws: OIDCSettingsError.self) { try OIDCProviderSettings.parse("okta,https://okta.test,abc") }
        #expect(throws: OIDCSettingsError.self) { try OIDCProviderSettings.parse("ok ta,https://okta.test,abc,def") }
        #expect(throws: OIDCSettingsError.self) { try OIDCProviderSettings.parse("okta,okta.test,abc,def") }
        #expect(throws: OIDCSettingsError.self) { try OIDCProviderSettings.parse("okta,https://okta.test,,def") }
    }
}

/// One browser going through the sign-in: the app's test client, the provider's (live) client, and the provider.
struct SignInDance: Sendable {
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
    }

    /// Opens the login page, follows its button to the provider and back, and returns the app's callback answer.
    /// `start` opens that address instead of following the button (`/auth/test?next=…` as a link elsewhere would);
    /// `callback` may tamper with the address the provider sends the browser back to.
    func signIn(
        next: String? = nil,
        start startURI: String? = nil,
        callback edit: ((inout URLComponents) -> Void)? = nil
    ) async throws -> Outcome {
        var caller = Caller(cookie: nil, user: nil, name: "browser")
        let href: String
        if let startURI {
            href = startURI
        } else {
            let loginURI = next.map { "/login?next=" + TestEnvironment.encode($0) } ?? "/login"
            let login = try await environment.page(app, loginURI, as: .anonymous)
            let html = String(buffer: login.body)
            href = try #require(Self.button(in: html), "no sign-in button on the login page")
            caller.cookie = TestEnvironment.sessionCookie(login)
        }

        // Our start route sends the browser to the provider, with PKCE, state and nonce.
        let start = try await environment.page(app, href, as: caller)
        return try await follow(start, caller: caller, callback: edit)
    }

    /// Follows our answer `start` (a redirect to the provider) to the provider and back to our callback.
    func follow(
        _ start: TestResponse,
        caller: Caller,
        callback edit: ((inout URLComponents) -> Void)? = nil
    ) async throws -> Outcome {
        var caller = caller
        #expect(start.status == .found || start.status == .seeOther)
        if let cookie = TestEnvironment.sessionCookie(start) { caller.cookie = cookie }
        let authorize = try #require(start.headers[.location])
        #expect(authorize.hasPrefix(provider.issuer + "/authorize?"))
        let query = URLComponents(string: authorize)?.queryItems ?? []
        for name in ["state", "nonce", "code_challenge"] {
            #expect(query.contains { $0.name == name && ($0.value?.count ?? 0) >= 43 }, "\(name) missing or short")
        }
        #expect(query.contains(URLQueryItem(name: "code_challenge_method", value: "S256")))
        #expect(query.contains(URLQueryItem(name: "redirect_uri", value: SignInTests.redirectURI)))
        #expect(!authorize.contains("code_verifier"))

        // The provider sends the browser back to our callback.
        let atProvider = try await browser.execute(uri: String(authorize.dropFirst(provider.issuer.count)), method: .get)
        #expect(atProvider.status == .found)
        let location = try #require(atProvider.headers[.location])
        var back = try #require(URLComponents(string: location))
        #expect(back.scheme == "http" && back.host == "care.test" && back.path == "/auth/test/callback")
        let genuine = Self.localURI(back)
        edit?(&back)
        let response = try await self.callback(Self.localURI(back), caller: caller)
        if let cookie = TestEnvironment.sessionCookie(response) { caller.cookie = cookie }
        return Outcome(response: response, caller: caller, genuineCallbackURI: genuine)
    }

    /// Links the provider to `caller`'s account: the account page's "Link Test" form, the provider, and back.
    func link(as caller: Caller) async throws -> Outcome {
        let start = try await environment.form(app, "/account/identities/test", [], tokenPage: "/account", as: caller)
        #expect(start.status == .seeOther)
        return try await follow(start, caller: caller)
    }

    /// Opens a callback address in the browser of `caller`.
    func callback(_ uri: String, caller: Caller) async throws -> TestResponse {
        try await environment.page(app, uri, as: caller)
    }

    /// A page for signed-in users sends this browser to the login page.
    func expectSignedOut(_ caller: Caller, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let page = try await environment.page(app, "/tickets", as: caller)
        #expect(page.status == .seeOther, sourceLocation: sourceLocation)
        #expect(page.headers[.location]?.hasPrefix("/login") == true, sourceLocation: sourceLocation)
    }

    /// The account with `email`, if any.
    func user(email: String) async throws -> User? {
        let admin = try await environment.database.login(email: "admin@care.test", password: TestData.adminPassword)
        return try await environment.database.users(for: admin).first { $0.email == email }
    }

    /// The href of the login page's "Sign in with Test" button (HTML entities undone).
    static func button(in html: String) -> String? {
        guard let range = html.range(of: #"href="[^"]+">Sign in with Test<"#, options: .regularExpression) else { return nil }
        return html[range].split(separator: "\"")[1].replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Path and query of an absolute URL.
    static func localURI(_ components: URLComponents) -> String {
        components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }
}

import Foundation
import HelpdeskCore
import Logging

/// The configured sign-in providers, in the order their buttons appear.
struct SignInProviders: Sendable {
    /// Settings in button order.
    let settings: [OIDCProviderSettings]
    private let clients: [String: SignInClient]

    /// Creates a client per provider, of its kind; later duplicates of a name replace earlier ones.
    init(_ settings: [OIDCProviderSettings], baseURL: String, logger: Logger) {
        var clients: [String: SignInClient] = [:]
        var ordered: [OIDCProviderSettings] = []
        for provider in settings {
            if clients[provider.name] != nil { ordered.removeAll { $0.name == provider.name } }
            switch provider.kind {
            case .openIDConnect:
                clients[provider.name] = .openIDConnect(OIDCClient(settings: provider, baseURL: baseURL, logger: logger))
            case .oauth2(let endpoints):
                clients[provider.name] = .oauth2(
                    OAuth2Client(settings: provider, endpoints: endpoints, baseURL: baseURL, logger: logger)
                )
            }
            ordered.append(provider)
        }
        self.settings = ordered
        self.clients = clients
    }

    /// No provider.
    static let none = SignInProviders([], baseURL: "", logger: Logger(label: "care"))

    /// The client of `name`, if configured.
    func client(named name: String) -> SignInClient? { clients[name] }

    /// The login and register pages' buttons: each provider's `href` carries `next`, and its words on each page are
    /// `signIn` ("Sign in with Google") and `signUp` ("Sign up with Google"), both the provider's `buttonText` when it
    /// has one ("Continue with Facebook").
    func buttons(next: String?) -> [SignInButton] {
        let next = safeNext(next)
        return settings.map { provider in
            var href = "/auth/\(provider.name)"
            if next != "/" { href += "?next=" + FormEncoding.escape(next) }
            return SignInButton(
                name: provider.name,
                title: provider.title,
                href: href,
                signIn: provider.buttonText ?? "Sign in with \(provider.title)",
                signUp: provider.buttonText ?? "Sign up with \(provider.title)"
            )
        }
    }
}

/// The client of one configured provider, of its kind.
enum SignInClient: Sendable {
    /// An OpenID Connect provider: the identity comes from a verified ID token.
    case openIDConnect(OIDCClient)
    /// A plain OAuth 2 provider (Facebook): the identity comes from its user-info endpoint.
    case oauth2(OAuth2Client)

    /// The provider's settings.
    var settings: OIDCProviderSettings {
        switch self {
        case .openIDConnect(let client): client.settings
        case .oauth2(let client): client.settings
        }
    }

    /// The provider's sign-in address for a new attempt. The nonce is sent only to OpenID Connect providers (plain
    /// OAuth 2 has no ID token to carry it); `state` and the PKCE challenge go to both.
    /// - Throws: a `SignInRefusal` when the provider's discovery document cannot be read.
    func authorizationURL(state: String, nonce: String, codeChallenge: String) async throws -> String {
        switch self {
        case .openIDConnect(let client):
            return try await client.authorizationURL(state: state, nonce: nonce, codeChallenge: codeChallenge)
        case .oauth2(let client):
            return client.authorizationURL(state: state, codeChallenge: codeChallenge)
        }
    }

    /// Who signed in, from the callback's `code` of the attempt `pending` (whose state the caller has checked).
    /// - Throws: the `SignInRefusal` of the first check that fails.
    func identity(code: String, pending: PendingSignIn) async throws -> ProviderIdentity {
        switch self {
        case .openIDConnect(let client):
            let idToken = try await client.exchange(code: code, codeVerifier: pending.codeVerifier)
            let token = try await client.verify(idToken: idToken, nonce: pending.nonce)
            return ProviderIdentity(
                provider: client.settings.name,
                providerTitle: client.settings.title,
                subject: token.subject.value,
                email: token.email,
                emailVerified: token.emailVerified?.value ?? false,
                name: token.name
            )
        case .oauth2(let client):
            return try await client.identity(code: code, codeVerifier: pending.codeVerifier)
        }
    }
}

/// A sign-in started with a provider and not finished yet, kept in the browser's (server-side) session until the
/// provider sends the person back; used once.
public struct PendingSignIn: Codable, Sendable, Equatable {
    /// The provider's name.
    public var provider: String
    /// The `state` sent to the provider; the callback must bring it back.
    public var state: String
    /// The `nonce` sent to the provider; the ID token must carry it.
    public var nonce: String
    /// The PKCE code verifier (only its S256 hash was sent).
    public var codeVerifier: String
    /// Where to go after signing in.
    public var next: String
    /// When the attempt started.
    public var startedAt: Date
    /// Set when a signed-in user asked from their account page to link the provider: the user the identity is for.
    /// The callback then links instead of signing in, and only for that same signed-in user.
    public var linkUserId: Int64? = nil
}

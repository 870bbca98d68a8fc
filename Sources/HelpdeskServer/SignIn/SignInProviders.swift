import Foundation
import Logging

/// The configured OpenID Connect providers, in the order their buttons appear.
struct SignInProviders: Sendable {
    /// Settings in button order.
    let settings: [OIDCProviderSettings]
    private let clients: [String: OIDCClient]

    /// Creates a client per provider; later duplicates of a name replace earlier ones.
    init(_ settings: [OIDCProviderSettings], baseURL: String, logger: Logger) {
        var clients: [String: OIDCClient] = [:]
        var ordered: [OIDCProviderSettings] = []
        for provider in settings {
            if clients[provider.name] != nil { ordered.removeAll { $0.name == provider.name } }
            clients[provider.name] = OIDCClient(settings: provider, baseURL: baseURL, logger: logger)
            ordered.append(provider)
        }
        self.settings = ordered
        self.clients = clients
    }

    /// No provider.
    static let none = SignInProviders([], baseURL: "", logger: Logger(label: "care"))

    /// The client of `name`, if configured.
    func client(named name: String) -> OIDCClient? { clients[name] }

    /// Values for the login and register pages' buttons: `name`, `title` and `href` (which carries `next`).
    func buttons(next: String?) -> [[String: Any]] {
        let next = safeNext(next)
        return settings.map { provider in
            var href = "/auth/\(provider.name)"
            if next != "/" { href += "?next=" + FormEncoding.escape(next) }
            return ["name": provider.name, "title": provider.title, "href": href]
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

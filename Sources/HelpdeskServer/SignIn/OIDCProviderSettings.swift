import Foundation

/// One provider people may sign in with: where it lives and this deployment's client registration there. Most are
/// OpenID Connect providers, found through their issuer (whose discovery document is at
/// `ISSUER/.well-known/openid-configuration`); Facebook is plain OAuth 2 with a user-info endpoint (`kind`).
public struct OIDCProviderSettings: Sendable, Equatable {
    /// The name in our URLs (`/auth/NAME`, `/auth/NAME/callback`): lowercase letters, digits and `-`.
    public var name: String
    /// The name people see on the button ("Google").
    public var title: String
    /// The issuer URL, exactly as the provider writes it in `iss`.
    public var issuer: String
    /// Other spellings of the issuer the provider also writes in `iss` (Google: `accounts.google.com`).
    public var alternateIssuers: [String]
    /// The client id of this deployment at the provider (the expected `aud`).
    public var clientId: String
    /// The client secret of this deployment at the provider.
    public var clientSecret: String
    /// Time allowed for each call to the provider (discovery, keys, token exchange, user info).
    public var requestTimeout: TimeInterval = 10
    /// How the provider tells us who signed in: OpenID Connect (the default), or OAuth 2 with a user-info endpoint.
    public var kind: SignInProviderKind = .openIDConnect
    /// The text of the provider's button on the sign-in and registration pages, when the provider's brand rules ask
    /// for one ("Continue with Facebook"); nil for "Sign in with TITLE" and "Sign up with TITLE".
    public var buttonText: String? = nil

    /// Creates the settings of a provider.
    public init(
        name: String,
        title: String? = nil,
        issuer: String,
        alternateIssuers: [String] = [],
        clientId: String,
        clientSecret: String
    ) {
        self.name = name
        self.title = title ?? Self.defaultTitle(for: name)
        self.issuer = issuer
        self.alternateIssuers = alternateIssuers
        self.clientId = clientId
        self.clientSecret = clientSecret
    }

    /// Google (`https://accounts.google.com`); only the client id and secret differ between deployments.
    public static func google(clientId: String, clientSecret: String) -> OIDCProviderSettings {
        OIDCProviderSettings(
            name: "google",
            title: "Google",
            issuer: "https://accounts.google.com",
            alternateIssuers: ["accounts.google.com"],
            clientId: clientId,
            clientSecret: clientSecret
        )
    }

    /// LinkedIn (`https://www.linkedin.com/oauth`), "Sign In with LinkedIn using OpenID Connect".
    public static func linkedIn(clientId: String, clientSecret: String) -> OIDCProviderSettings {
        OIDCProviderSettings(
            name: "linkedin",
            title: "LinkedIn",
            issuer: "https://www.linkedin.com/oauth",
            clientId: clientId,
            clientSecret: clientSecret
        )
    }

    /// Facebook Login: OAuth 2 and the Graph API, not OpenID Connect; only the client id (the app id) and secret (the
    /// app secret) differ between deployments. The endpoints are `OAuth2Endpoints.facebook` (tests replace them); the
    /// issuer is only a label, since there is no ID token whose `iss` it would check.
    public static func facebook(clientId: String, clientSecret: String) -> OIDCProviderSettings {
        var settings = OIDCProviderSettings(
            name: "facebook",
            title: "Facebook",
            issuer: "https://www.facebook.com",
            clientId: clientId,
            clientSecret: clientSecret
        )
        settings.kind = .oauth2(.facebook)
        settings.buttonText = "Continue with Facebook"
        return settings
    }

    /// Parses `NAME,ISSUER,CLIENT_ID,CLIENT_SECRET` (the `--oidc-provider` flag). The secret may itself hold commas.
    /// - Throws: `OIDCSettingsError` naming what is wrong.
    public static func parse(_ text: String) throws -> OIDCProviderSettings {
        let parts = text.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty }) else {
            throw OIDCSettingsError("expected NAME,ISSUER,CLIENT_ID,CLIENT_SECRET, got \"\(parts.first ?? "")…\"")
        }
        let name = parts[0].lowercased()
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }), name.count <= 40 else {
            throw OIDCSettingsError("provider name \"\(parts[0])\" may only hold letters, digits and -")
        }
        guard let url = URL(string: parts[1]), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host != nil
        else {
            throw OIDCSettingsError("issuer \"\(parts[1])\" of \(name) is not an http(s) URL")
        }
        switch name {
        case "google" where parts[1] == "https://accounts.google.com":
            return .google(clientId: parts[2], clientSecret: parts[3])
        default:
            return OIDCProviderSettings(name: name, issuer: parts[1], clientId: parts[2], clientSecret: parts[3])
        }
    }

    /// Parses several providers separated by `;` (the `CARE_OIDC_PROVIDERS` variable).
    public static func parseList(_ text: String) throws -> [OIDCProviderSettings] {
        try text.split(separator: ";").map { String($0) }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map(parse)
    }

    /// "Google" for `google`, "LinkedIn" for `linkedin`, else the name with a capital.
    static func defaultTitle(for name: String) -> String {
        switch name {
        case "google": "Google"
        case "linkedin": "LinkedIn"
        case "facebook": "Facebook"
        default: name.prefix(1).uppercased() + name.dropFirst()
        }
    }

    /// Every value `iss` may take.
    var acceptedIssuers: Set<String> { Set([issuer] + alternateIssuers) }

    /// The discovery document's address.
    var discoveryURL: String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }
}

/// How a provider tells us who signed in.
public enum SignInProviderKind: Sendable, Equatable {
    /// OpenID Connect: endpoints from the discovery document, and an ID token signed with the provider's published
    /// keys.
    case openIDConnect
    /// Plain OAuth 2 (Facebook Login): fixed endpoints, an access token from the code, and a user-info endpoint that
    /// answers `id`, `name` and `email` for that token.
    case oauth2(OAuth2Endpoints)
}

/// The endpoints and scope of a plain OAuth 2 provider (`SignInProviderKind.oauth2`).
public struct OAuth2Endpoints: Sendable, Equatable {
    /// Where the browser is sent to sign in.
    public var authorization: String
    /// Where the code is exchanged for an access token (client id and secret in the form).
    public var token: String
    /// What answers `{"id": …, "name": …, "email": …}` for the access token (sent as `Authorization: Bearer`).
    public var userInfo: String
    /// The permissions asked for, separated by spaces.
    public var scope: String
    /// More query parameters for the authorisation address.
    public var extraAuthorizationParameters: [String: String]

    /// Creates the endpoints.
    public init(
        authorization: String,
        token: String,
        userInfo: String,
        scope: String,
        extraAuthorizationParameters: [String: String] = [:]
    ) {
        self.authorization = authorization
        self.token = token
        self.userInfo = userInfo
        self.scope = scope
        self.extraAuthorizationParameters = extraAuthorizationParameters
    }

    /// Facebook Login for the web and the Graph API, version 19.0. `auth_type=rerequest` makes the dialog ask again
    /// for the e-mail address when the person declined it last time (Facebook otherwise never asks twice).
    public static let facebook = OAuth2Endpoints(
        authorization: "https://www.facebook.com/v19.0/dialog/oauth",
        token: "https://graph.facebook.com/v19.0/oauth/access_token",
        userInfo: "https://graph.facebook.com/v19.0/me?fields=id,name,email",
        scope: "email public_profile",
        extraAuthorizationParameters: ["auth_type": "rerequest"]
    )
}

/// A provider setting that cannot be used.
public struct OIDCSettingsError: Error, CustomStringConvertible {
    /// What is wrong.
    public let description: String

    /// Creates the error.
    public init(_ description: String) { self.description = description }
}

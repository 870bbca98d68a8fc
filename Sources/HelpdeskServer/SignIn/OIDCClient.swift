import AsyncHTTPClient
import Foundation
import HelpdeskCore
import JWTKit
import Logging
import NIOCore
import NIOHTTP1

/// The endpoints a provider publishes in its discovery document (`ISSUER/.well-known/openid-configuration`).
struct OIDCDiscovery: Decodable, Sendable {
    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case tokenEndpointAuthMethods = "token_endpoint_auth_methods_supported"
    }

    /// The issuer; must be the configured one.
    var issuer: String
    /// Where the browser is sent to sign in.
    var authorizationEndpoint: String
    /// Where the code is exchanged for tokens.
    var tokenEndpoint: String
    /// The signing keys.
    var jwksURI: String
    /// How the client may authenticate at the token endpoint (default `client_secret_basic`).
    var tokenEndpointAuthMethods: [String]?
}

/// Talks to one OpenID Connect provider: reads its discovery document and keys (both cached), builds the
/// authorisation URL, exchanges a code for an ID token and verifies that token.
///
/// An actor because the caches are slow async state filled on first use (the provider may be down at start).
actor OIDCClient {
    /// The provider.
    let settings: OIDCProviderSettings
    /// `BASE_URL/auth/NAME/callback`, registered at the provider.
    let redirectURI: String
    private let httpClient: HTTPClient
    private let logger: Logger

    /// How long the discovery document is trusted before it is read again.
    static let discoveryLifetime: TimeInterval = 24 * 3600
    /// Least time between two reads of the keys when a token names an unknown key (key rotation).
    static let keyRefetchInterval: TimeInterval = 60
    /// Clock skew tolerated on `exp`.
    static let expiryLeeway: TimeInterval = 60
    /// Signature algorithms accepted in ID tokens (never `none` or a shared-secret HMAC).
    static let acceptedAlgorithms: Set<String> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]
    /// Largest response body read from the provider.
    static let maxBody = 1 << 20
    /// Time allowed for each call to the provider (the settings' `requestTimeout`, between 1 s and 5 min).
    var timeout: TimeAmount { .milliseconds(Int64(min(max(settings.requestTimeout, 1), 300) * 1000)) }

    private var discovery: (document: OIDCDiscovery, fetchedAt: Date)?
    private var keys: (collection: JWTKeyCollection, kids: Set<String>, fetchedAt: Date)?

    /// Creates the client of a provider.
    init(settings: OIDCProviderSettings, baseURL: String, httpClient: HTTPClient = .shared, logger: Logger) {
        self.settings = settings
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.redirectURI = "\(base)/auth/\(settings.name)/callback"
        self.httpClient = httpClient
        self.logger = logger
    }

    // MARK: - Discovery

    /// The discovery document, read on first use and then once a day.
    func discover() async throws -> OIDCDiscovery {
        if let discovery, Date().timeIntervalSince(discovery.fetchedAt) < Self.discoveryLifetime {
            return discovery.document
        }
        let body: ByteBuffer
        do {
            body = try await get(settings.discoveryURL)
        } catch {
            throw SignInRefusal.discoveryFailed("\(settings.discoveryURL): \(error)")
        }
        guard let document = try? JSONDecoder().decode(OIDCDiscovery.self, from: Data(buffer: body)) else {
            throw SignInRefusal.discoveryFailed("\(settings.discoveryURL) is not a discovery document")
        }
        guard Self.trimmed(document.issuer) == Self.trimmed(settings.issuer) else {
            throw SignInRefusal.discoveryFailed("the document names issuer \(document.issuer), not \(settings.issuer)")
        }
        discovery = (document, Date())
        return document
    }

    /// The provider's sign-in address for a new attempt, asking for `openid email profile` with PKCE (S256).
    func authorizationURL(state: String, nonce: String, codeChallenge: String) async throws -> String {
        let endpoint = try await discover().authorizationEndpoint
        let query = FormEncoding.encode([
            ("response_type", "code"),
            ("client_id", settings.clientId),
            ("redirect_uri", redirectURI),
            ("scope", "openid email profile"),
            ("state", state),
            ("nonce", nonce),
            ("code_challenge", codeChallenge),
            ("code_challenge_method", "S256"),
        ])
        return endpoint + (endpoint.contains("?") ? "&" : "?") + query
    }

    // MARK: - Token exchange

    /// Exchanges an authorisation code (with its PKCE verifier) for the raw ID token.
    ///
    /// The client authenticates with HTTP Basic unless the provider only offers `client_secret_post`.
    func exchange(code: String, codeVerifier: String) async throws -> String {
        let document = try await discover()
        var fields = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirectURI),
            ("code_verifier", codeVerifier),
        ]
        var headers: [(name: String, value: String)] = []
        let methods = document.tokenEndpointAuthMethods ?? ["client_secret_basic"]
        if methods.contains("client_secret_basic") || !methods.contains("client_secret_post") {
            let credentials = FormEncoding.escape(settings.clientId) + ":" + FormEncoding.escape(settings.clientSecret)
            headers.append(("Authorization", "Basic " + Data(credentials.utf8).base64EncodedString()))
        } else {
            fields += [("client_id", settings.clientId), ("client_secret", settings.clientSecret)]
        }
        let (status, body) = try await TokenEndpoint.post(
            document.tokenEndpoint, fields: fields, headers: headers, httpClient: httpClient, timeout: timeout,
            limit: Self.maxBody)
        struct TokenResponse: Decodable {
            var id_token: String?
            var error: String?
        }
        let decoded = try? JSONDecoder().decode(TokenResponse.self, from: Data(buffer: body))
        guard status == .ok else {
            throw SignInRefusal.tokenEndpointFailed("status \(status.code) \(decoded?.error ?? "")")
        }
        guard let idToken = decoded?.id_token, !idToken.isEmpty else {
            throw SignInRefusal.tokenEndpointFailed("the answer has no id_token")
        }
        return idToken
    }

    // MARK: - ID token

    /// Verifies an ID token: algorithm and key (from the provider's JWKS, by `kid`), signature, `aud` (our client
    /// id), `iss`, `exp` (with a minute of leeway) and `nonce`, in that order.
    /// - Returns: the token's claims.
    /// - Throws: the `SignInRefusal` of the first check that fails.
    func verify(idToken: String, nonce: String, now: Date = Date()) async throws -> OIDCIDToken {
        let header = try Self.header(of: idToken)
        guard let alg = header.alg, Self.acceptedAlgorithms.contains(alg) else {
            throw SignInRefusal.malformedToken("algorithm \(header.alg ?? "missing") is not accepted")
        }
        let collection = try await keyCollection(containing: header.kid)
        let token: OIDCIDToken
        do {
            token = try await collection.verify(idToken, as: OIDCIDToken.self, expectedAudience: settings.clientId)
        } catch let error as JWTError {
            switch error.errorType {
            case .signatureVerificationFailed: throw SignInRefusal.badSignature
            case .claimVerificationFailure where error.failedClaim is AudienceClaim: throw SignInRefusal.wrongAudience
            default: throw SignInRefusal.malformedToken("\(error.errorType)")
            }
        } catch {
            throw SignInRefusal.malformedToken("\(error)")
        }
        guard !token.subject.value.isEmpty else { throw SignInRefusal.malformedToken("empty subject") }
        guard settings.acceptedIssuers.contains(token.issuer.value) else {
            throw SignInRefusal.wrongIssuer(token.issuer.value)
        }
        guard token.expires.value.addingTimeInterval(Self.expiryLeeway) > now else { throw SignInRefusal.expired }
        guard let sent = token.nonce, Self.constantTimeEqual(sent, nonce) else { throw SignInRefusal.wrongNonce }
        return token
    }

    /// The keys, read on first use; read again (at most once a minute) when a token names a key we do not know.
    private func keyCollection(containing kid: String?) async throws -> JWTKeyCollection {
        if let keys, kid.map(keys.kids.contains) ?? true { return keys.collection }
        if let keys, Date().timeIntervalSince(keys.fetchedAt) < Self.keyRefetchInterval {
            throw SignInRefusal.malformedToken("unknown key id \(kid ?? "")")
        }
        let document = try await discover()
        let body: ByteBuffer
        do {
            body = try await get(document.jwksURI)
        } catch {
            throw SignInRefusal.keysUnavailable("\(document.jwksURI): \(error)")
        }
        let collection = JWTKeyCollection()
        let jwks: JWKS
        do {
            jwks = try JSONDecoder().decode(JWKS.self, from: Data(buffer: body))
            for jwk in jwks.keys where jwk.keyIdentifier != nil {
                try await collection.add(jwk: jwk)
            }
        } catch {
            throw SignInRefusal.keysUnavailable("\(document.jwksURI) is not a usable key set: \(error)")
        }
        let kids = Set(jwks.keys.compactMap { $0.keyIdentifier?.string })
        keys = (collection, kids, Date())
        logger.debug("read the provider's keys", metadata: ["provider": "\(settings.name)", "keys": "\(kids.count)"])
        guard kid.map(kids.contains) ?? true else { throw SignInRefusal.malformedToken("unknown key id \(kid ?? "")") }
        return collection
    }

    // MARK: - Helpers

    private func get(_ url: String) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await httpClient.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: Self.maxBody)
        guard response.status == .ok else { throw UnexpectedStatus(code: response.status.code) }
        return body
    }

    /// A provider answered a GET with something other than 200.
    private struct UnexpectedStatus: Error, CustomStringConvertible {
        let code: UInt
        var description: String { "HTTP status \(code)" }
    }

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    /// The decoded JOSE header of a compact JWT.
    private static func header(of token: String) throws -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Base64URL.decode(String(parts[0])),
            let header = try? JSONDecoder().decode(Header.self, from: data)
        else {
            throw SignInRefusal.malformedToken("not a compact JWT")
        }
        return header
    }

    private static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// Compares two secrets in time independent of where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// `application/x-www-form-urlencoded` and query strings.
enum FormEncoding {
    /// Percent-encodes everything but the unreserved characters of RFC 3986.
    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        // `alphanumerics` includes non-ASCII letters; restrict to ASCII.
        return text.unicodeScalars.map { scalar in
            scalar.isASCII && allowed.contains(scalar)
                ? String(scalar) : String(scalar).utf8.map { String(format: "%%%02X", $0) }.joined()
        }.joined()
    }

    /// `a=1&b=2`, each name and value escaped.
    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }
}

/// Unpadded base64url (RFC 4648 §5), as used by JWTs and PKCE.
enum Base64URL {
    /// Encodes bytes without padding.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes, padded or not; nil when the text is not base64url.
    static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

extension Data {
    /// The readable bytes of a buffer.
    fileprivate init(buffer: ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}

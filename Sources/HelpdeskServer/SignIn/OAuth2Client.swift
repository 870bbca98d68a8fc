import AsyncHTTPClient
import Crypto
import Foundation
import HelpdeskCore
import Logging
import NIOCore
import NIOHTTP1

/// Talks to one plain OAuth 2 provider with a user-info endpoint (Facebook Login): builds the authorisation URL,
/// exchanges a code for an access token, and asks the user-info endpoint who that token belongs to.
///
/// There is no ID token to verify: the identity is what the provider's own user-info endpoint answers, over TLS, for an
/// access token we got from its token endpoint in exchange for a code sent to our redirect URI with our client secret
/// and PKCE verifier. The access token stays in this client: it is never logged, stored nor shown.
struct OAuth2Client: Sendable {
    /// The provider.
    let settings: OIDCProviderSettings
    /// Its endpoints and scope.
    let endpoints: OAuth2Endpoints
    /// `BASE_URL/auth/NAME/callback`, registered at the provider.
    let redirectURI: String
    private let httpClient: HTTPClient
    private let logger: Logger

    /// Largest response body read from the provider: a token answer or a user's id, name and address are small.
    static let maxBody = 64 * 1024
    /// Longest provider id accepted as a subject.
    static let maxSubjectLength = 255
    /// Time allowed for each call to the provider (the settings' `requestTimeout`, between 1 s and 5 min).
    var timeout: TimeAmount { .milliseconds(Int64(min(max(settings.requestTimeout, 1), 300) * 1000)) }

    /// Creates the client of a provider whose settings have `endpoints` as their kind.
    init(
        settings: OIDCProviderSettings,
        endpoints: OAuth2Endpoints,
        baseURL: String,
        httpClient: HTTPClient = .shared,
        logger: Logger
    ) {
        self.settings = settings
        self.endpoints = endpoints
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.redirectURI = "\(base)/auth/\(settings.name)/callback"
        self.httpClient = httpClient
        self.logger = logger
    }

    // MARK: - Authorisation

    /// The provider's sign-in address for a new attempt, asking for the configured scope with PKCE (S256).
    func authorizationURL(state: String, codeChallenge: String) -> String {
        var fields = [
            ("response_type", "code"),
            ("client_id", settings.clientId),
            ("redirect_uri", redirectURI),
            ("scope", endpoints.scope),
            ("state", state),
            ("code_challenge", codeChallenge),
            ("code_challenge_method", "S256"),
        ]
        fields += endpoints.extraAuthorizationParameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let endpoint = endpoints.authorization
        return endpoint + (endpoint.contains("?") ? "&" : "?") + FormEncoding.encode(fields)
    }

    /// Who signed in: exchanges the code, then reads the user-info endpoint with the access token.
    ///
    /// The provider's `id` is the subject. The e-mail address counts as verified: Facebook only returns an address its
    /// owner confirmed (an unconfirmed one is left out of `/me`), so a returned address is as good as OpenID Connect's
    /// `email_verified: true`. When the person declined to share it, `email` is nil and the account rules refuse a
    /// first sign-in (`AppDatabase.signIn(with:)`).
    /// - Throws: `SignInRefusal.tokenEndpointFailed` or `.userInfoFailed`.
    func identity(code: String, codeVerifier: String) async throws -> ProviderIdentity {
        let accessToken = try await exchange(code: code, codeVerifier: codeVerifier)
        let info = try await userInfo(accessToken: accessToken)
        return ProviderIdentity(
            provider: settings.name,
            providerTitle: settings.title,
            subject: info.id,
            email: info.email,
            emailVerified: info.email != nil,
            name: info.name
        )
    }

    // MARK: - Token exchange

    /// Exchanges an authorisation code (with its PKCE verifier) for an access token; the client id and secret go in
    /// the form, as Facebook expects.
    func exchange(code: String, codeVerifier: String) async throws -> String {
        let fields = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirectURI),
            ("code_verifier", codeVerifier),
            ("client_id", settings.clientId),
            ("client_secret", settings.clientSecret),
        ]
        let (status, body) = try await TokenEndpoint.post(
            endpoints.token, fields: fields, httpClient: httpClient, timeout: timeout, limit: Self.maxBody)
        guard status == .ok else {
            throw SignInRefusal.tokenEndpointFailed("status \(status.code) \(Self.errorName(in: body))")
        }
        struct TokenResponse: Decodable {
            var access_token: String?
        }
        let decoded = try? JSONDecoder().decode(TokenResponse.self, from: Data(body.readableBytesView))
        guard let accessToken = decoded?.access_token, !accessToken.isEmpty else {
            throw SignInRefusal.tokenEndpointFailed("the answer has no access_token")
        }
        return accessToken
    }

    // MARK: - User info

    /// What the user-info endpoint says about the person.
    struct UserInfo: Decodable, Equatable {
        /// The provider's stable id of the person (Facebook's app-scoped user id).
        var id: String
        /// Their name, if shared.
        var name: String?
        /// Their address, if shared.
        var email: String?

        enum CodingKeys: String, CodingKey { case id, name, email }

        /// Reads `id` as a string or a number (some providers send a number).
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? container.decode(String.self, forKey: .id) {
                id = text
            } else {
                id = String(try container.decode(Int64.self, forKey: .id))
            }
            name = try? container.decodeIfPresent(String.self, forKey: .name)
            email = try? container.decodeIfPresent(String.self, forKey: .email)
        }

        /// Creates the value.
        init(id: String, name: String?, email: String?) {
            (self.id, self.name, self.email) = (id, name, email)
        }
    }

    /// Reads the user-info endpoint with the access token (`Authorization: Bearer`, plus Facebook's `appsecret_proof`,
    /// which proves the call comes from the app's server). Reads at most `maxBody` bytes.
    /// - Throws: `SignInRefusal.userInfoFailed` when the endpoint cannot be reached, answers other than 200, sends too
    ///   much, or sends something without a usable `id`.
    func userInfo(accessToken: String) async throws -> UserInfo {
        let proof = Hashing.hex(Self.hmacSHA256(key: Array(settings.clientSecret.utf8), message: Array(accessToken.utf8)))
        let url = endpoints.userInfo + (endpoints.userInfo.contains("?") ? "&" : "?") + "appsecret_proof=" + proof
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer " + accessToken)

        let status: HTTPResponseStatus
        let body: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            status = response.status
            body = try await response.body.collect(upTo: Self.maxBody)
        } catch {
            // Named by `endpoints.userInfo`, the address without the proof.
            throw SignInRefusal.userInfoFailed("\(endpoints.userInfo): \(error)")
        }
        guard status == .ok else {
            throw SignInRefusal.userInfoFailed("status \(status.code) \(Self.errorName(in: body))")
        }
        guard let info = try? JSONDecoder().decode(UserInfo.self, from: Data(body.readableBytesView)) else {
            throw SignInRefusal.userInfoFailed("the answer is not a user with an id")
        }
        let subject = info.id.trimmingCharacters(in: .whitespaces)
        guard !subject.isEmpty, subject.count <= Self.maxSubjectLength else {
            throw SignInRefusal.userInfoFailed("the id is empty or longer than \(Self.maxSubjectLength) characters")
        }
        let email = info.email.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        return UserInfo(id: subject, name: info.name, email: email)
    }

    // MARK: - Helpers

    /// The provider's error name in an error body (`{"error": "invalid_grant"}`, or Facebook's
    /// `{"error": {"type": "OAuthException", …}}`), at most 64 characters; empty when there is none.
    static func errorName(in body: ByteBuffer) -> String {
        struct Named: Decodable { var type: String? }
        struct ErrorBody: Decodable {
            var error: String?
            init(from decoder: any Decoder) throws {
                enum Keys: String, CodingKey { case error }
                let container = try decoder.container(keyedBy: Keys.self)
                error = (try? container.decode(String.self, forKey: .error))
                    ?? (try? container.decode(Named.self, forKey: .error))?.type
            }
        }
        let name = (try? JSONDecoder().decode(ErrorBody.self, from: Data(body.readableBytesView)))?.error ?? ""
        return String(name.prefix(64))
    }

    /// HMAC-SHA256 (RFC 2104) of `message` under `key` (swift-crypto).
    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Array(HMAC<Crypto.SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }
}

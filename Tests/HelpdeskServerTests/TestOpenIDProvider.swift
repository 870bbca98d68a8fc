import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import JWTKit
import Synchronization
import Testing

@testable import HelpdeskServer

/// A small OpenID provider for the sign-in tests, served on a loopback port: discovery, authorize, token and JWKS
/// endpoints, with RS256-signed ID tokens. The authorize endpoint signs in whoever `behaviour` describes and sends the
/// browser straight back; `behaviour.flaw` makes it misbehave on demand, one refusal at a time.
///
/// It also plays Facebook Login (plain OAuth 2 and the Graph API) under `/v19.0/`: `dialog/oauth`, `oauth/access_token`
/// (an access token, no ID token) and `me?fields=id,name,email`, which needs that token (`Authorization: Bearer` or
/// `access_token=`); `facebookSettings()` points the app's `facebook` preset at them.
///
/// It checks what a real provider checks: the client id and redirect URI, PKCE (S256), the client secret (Basic or
/// in the form), and that each code is used once by the client it was issued to.
final class TestOpenIDProvider: Sendable {
    /// What the provider gets wrong on purpose.
    enum Flaw: String, Sendable, CaseIterable, CustomStringConvertible {
        case none
        case wrongNonce
        case expired
        case wrongAudience
        case wrongIssuer
        case badSignature
        case tokenEndpointError
        case accessDenied
        /// The Graph `/me` endpoint answers 500.
        case userInfoError
        /// `/me` answers 4 MiB of JSON.
        case userInfoHuge
        /// `/me` answers something that is not JSON.
        case userInfoMalformed
        /// `/me` answers JSON nested 20,000 deep.
        case userInfoDeep
        /// `/me` answers a user without an `id`.
        case userInfoWithoutId

        var description: String { rawValue }
    }

    /// Who signs in at the provider, and how the provider misbehaves.
    struct Behaviour: Sendable {
        var subject = "subject-1"
        var email: String? = "pat.doe@mail.test"
        var emailVerified = true
        var name: String? = "Pat Doe"
        /// Sends `email_verified` as the string "true"/"false", as some providers do.
        var verifiedAsString = false
        var flaw = Flaw.none
    }

    /// A code handed out by the authorize endpoint.
    private struct Grant: Sendable {
        var nonce: String?
        var codeChallenge: String
        var redirectURI: String
        var behaviour: Behaviour
    }

    static let clientId = "care-test-client"
    static let clientSecret = "care-test-secret, with a comma"
    static let keyId = "test-key-1"

    /// The registered redirect URI of the app under test (`TestArguments.baseURL` + `/auth/test/callback`).
    let redirectURI: String
    let behaviour = Mutex(Behaviour())
    /// Token requests served, with how the client authenticated (`basic` or `post`).
    let tokenRequests = Mutex<[String]>([])
    /// The client authentication methods the discovery document offers (LinkedIn offers only `client_secret_post`).
    let authMethods = Mutex(["client_secret_basic", "client_secret_post"])
    /// Access tokens the Facebook-style token endpoint handed out (pages must never show them).
    let accessTokens = Mutex<[String]>([])
    /// Calls to `/me`: how the token came (`bearer` or `query`) and whether a correct `appsecret_proof` came with it.
    let userInfoRequests = Mutex<[(via: String, proof: Bool)]>([])
    private let grants = Mutex<[String: Grant]>([:])
    private let facebookUsers = Mutex<[String: Behaviour]>([:])
    private let issuerURL = Mutex("")

    init(redirectURI: String) {
        self.redirectURI = redirectURI
    }

    var issuer: String { issuerURL.withLock { $0 } }

    /// Serves the provider on a loopback port for the duration of `body`, which gets the issuer URL and a client of
    /// the provider (the "browser" side of the dance).
    func run<Value: Sendable>(
        _ body: @Sendable (_ issuer: String, _ browser: any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let app = Application(router: try await router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            self.issuerURL.withLock { $0 = "http://127.0.0.1:\(port)" }
            return try await body(self.issuer, client)
        }
    }

    /// The provider settings the app under test is configured with (name `test`).
    func settings(clientId: String = TestOpenIDProvider.clientId) -> OIDCProviderSettings {
        var settings = OIDCProviderSettings(name: "test", issuer: issuer, clientId: clientId, clientSecret: Self.clientSecret)
        // The provider answers on loopback, but a test machine running every suite at once may take a while.
        settings.requestTimeout = 120
        return settings
    }

    /// The app's `facebook` preset with its endpoints moved to this provider's Facebook-style ones.
    func facebookSettings() -> OIDCProviderSettings {
        var settings = OIDCProviderSettings.facebook(clientId: Self.clientId, clientSecret: Self.clientSecret)
        var endpoints = OAuth2Endpoints.facebook
        endpoints.authorization = "\(issuer)/v19.0/dialog/oauth"
        endpoints.token = "\(issuer)/v19.0/oauth/access_token"
        endpoints.userInfo = "\(issuer)/v19.0/me?fields=id,name,email"
        settings.kind = .oauth2(endpoints)
        settings.requestTimeout = 120
        return settings
    }

    // MARK: - Endpoints

    private func router() async throws -> Router<BasicRequestContext> {
        let signingKey = try Insecure.RSA.PrivateKey(pem: TestKeys.published)
        let signer = JWTKeyCollection()
        await signer.add(rsa: signingKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: Self.keyId))
        // Another key under the same key id: its signatures do not verify against the published key.
        let forger = JWTKeyCollection()
        await forger.add(
            rsa: try Insecure.RSA.PrivateKey(pem: TestKeys.unpublished),
            digestAlgorithm: .sha256,
            kid: JWKIdentifier(string: Self.keyId)
        )
        let primitives = try signingKey.publicKey.getKeyPrimitives()
        let jwks: [String: Any] = [
            "keys": [
                [
                    "kty": "RSA", "use": "sig", "alg": "RS256", "kid": Self.keyId,
                    "n": Self.base64URL(primitives.modulus), "e": Self.base64URL(primitives.publicExponent),
                ]
            ]
        ]
        let jwksBody = try JSONSerialization.data(withJSONObject: jwks)

        let router = Router()
        router.get(".well-known/openid-configuration") { _, _ in
            let issuer = self.issuer
            return Self.json([
                "issuer": issuer,
                "authorization_endpoint": "\(issuer)/authorize",
                "token_endpoint": "\(issuer)/token",
                "jwks_uri": "\(issuer)/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": self.authMethods.withLock { $0 },
            ])
        }
        router.get("jwks") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: jwksBody))
            )
        }
        router.get("authorize") { request, _ in try self.authorize(request) }
        router.get("v19.0/dialog/oauth") { request, _ in self.facebookDialog(request) }
        router.post("v19.0/oauth/access_token") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            return self.facebookToken(fields: Self.form(String(buffer: body)))
        }
        router.get("v19.0/me") { request, _ in self.facebookMe(request) }
        router.post("token") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            let fields = Self.form(String(buffer: body))
            return try await self.token(request, fields: fields, signer: signer, forger: forger)
        }
        return router
    }

    private func authorize(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        let behaviour = self.behaviour.withLock { $0 }
        guard query["client_id"].map(String.init) == Self.clientId, query["redirect_uri"].map(String.init) == redirectURI else {
            return Response(status: .badRequest)  // never redirect to an unregistered address
        }
        let state = query["state"].map(String.init) ?? ""
        if behaviour.flaw == .accessDenied {
            return redirect(["error": "access_denied", "state": state])
        }
        guard query["response_type"] == "code", query["scope"]?.split(separator: " ").contains("openid") == true,
            query["code_challenge_method"] == "S256", let challenge = query["code_challenge"], !challenge.isEmpty
        else {
            return redirect(["error": "invalid_request", "state": state])
        }
        let code = UUID().uuidString
        grants.withLock {
            $0[code] = Grant(
                nonce: query["nonce"].map(String.init),
                codeChallenge: String(challenge),
                redirectURI: redirectURI,
                behaviour: behaviour
            )
        }
        return redirect(["code": code, "state": state])
    }

    // MARK: - Facebook-style endpoints

    /// Facebook's login dialog: no `openid` scope and no nonce, but PKCE and the `email` permission.
    private func facebookDialog(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        let behaviour = self.behaviour.withLock { $0 }
        guard query["client_id"].map(String.init) == Self.clientId, query["redirect_uri"].map(String.init) == redirectURI else {
            return Response(status: .badRequest)  // never redirect to an unregistered address
        }
        let state = query["state"].map(String.init) ?? ""
        if behaviour.flaw == .accessDenied {
            return redirect(["error": "access_denied", "error_reason": "user_denied", "state": state])
        }
        guard query["response_type"] == "code", query["scope"]?.split(separator: " ").contains("email") == true,
            query["code_challenge_method"] == "S256", let challenge = query["code_challenge"], !challenge.isEmpty
        else {
            return redirect(["error": "invalid_request", "state": state])
        }
        let code = UUID().uuidString
        grants.withLock {
            $0[code] = Grant(nonce: nil, codeChallenge: String(challenge), redirectURI: redirectURI, behaviour: behaviour)
        }
        return redirect(["code": code, "state": state])
    }

    /// Facebook's token endpoint: the app id and secret in the form; answers an access token and no ID token.
    private func facebookToken(fields: [String: String]) -> Response {
        let refusal = Self.json(
            ["error": ["message": "Invalid verification code format.", "type": "OAuthException", "code": 100]],
            status: .badRequest
        )
        guard fields["client_id"] == Self.clientId, fields["client_secret"] == Self.clientSecret else { return refusal }
        tokenRequests.withLock { $0.append("post") }
        guard let code = fields["code"], let grant = grants.withLock({ $0.removeValue(forKey: code) }),
            fields["redirect_uri"] == grant.redirectURI,
            let verifier = fields["code_verifier"],
            Self.base64URL(Data(Hashing.sha256(verifier.utf8))) == grant.codeChallenge,
            grant.behaviour.flaw != .tokenEndpointError
        else {
            return refusal
        }
        let accessToken = "EAAG" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        accessTokens.withLock { $0.append(accessToken) }
        facebookUsers.withLock { $0[accessToken] = grant.behaviour }
        return Self.json(["access_token": accessToken, "token_type": "bearer", "expires_in": 5_183_944])
    }

    /// The Graph API's `/me?fields=id,name,email` for the access token (Bearer header or `access_token=`).
    private func facebookMe(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        var token = query["access_token"].map(String.init)
        var how = "query"
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            (token, how) = (String(authorization.dropFirst(7)), "bearer")
        }
        guard let token, let person = facebookUsers.withLock({ $0[token] }) else {
            return Self.json(
                ["error": ["message": "Invalid OAuth access token.", "type": "OAuthException", "code": 190]],
                status: .badRequest
            )
        }
        let expectedProof = Hashing.hex(
            OAuth2Client.hmacSHA256(key: Array(Self.clientSecret.utf8), message: Array(token.utf8))
        )
        userInfoRequests.withLock { $0.append((how, query["appsecret_proof"].map(String.init) == expectedProof)) }
        switch person.flaw {
        case .userInfoError:
            return Self.json(
                ["error": ["message": "An unknown error occurred", "type": "OAuthException", "code": 1]],
                status: .internalServerError
            )
        case .userInfoHuge:
            let name = String(repeating: "A", count: 4 << 20)
            return Self.json(["id": person.subject, "name": name, "email": person.email ?? ""])
        case .userInfoMalformed:
            return Self.raw("<html>{\"id\": ")
        case .userInfoDeep:
            let deep = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
            return Self.raw("{\"id\": \(deep)}")
        case .userInfoWithoutId:
            return Self.json(["name": person.name ?? "", "email": person.email ?? ""])
        default:
            break
        }
        var fields: [String: Any] = ["id": person.subject]
        let asked = Set((query["fields"] ?? "").split(separator: ",").map(String.init))
        if asked.contains("name"), let name = person.name { fields["name"] = name }
        // Facebook leaves `email` out when the person declined to share it (or has no confirmed address).
        if asked.contains("email"), let email = person.email { fields["email"] = email }
        return Self.json(fields)
    }

    private func redirect(_ parameters: [String: String]) -> Response {
        var components = URLComponents(string: redirectURI)!
        components.queryItems = parameters.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return Response(status: .found, headers: [.location: components.string!])
    }

    private func token(
        _ request: Request,
        fields: [String: String],
        signer: JWTKeyCollection,
        forger: JWTKeyCollection
    ) async throws -> Response {
        // Client authentication: Basic (form-encoded id and secret) or both in the form.
        var clientId = fields["client_id"]
        var clientSecret = fields["client_secret"]
        var method = "post"
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst(6))).flatMap({ String(data: $0, encoding: .utf8) })
        {
            let pair = decoded.split(separator: ":", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            if pair.count == 2 { (clientId, clientSecret, method) = (pair[0], pair[1], "basic") }
        }
        guard clientId == Self.clientId, clientSecret == Self.clientSecret else {
            return Self.json(["error": "invalid_client"], status: .unauthorized)
        }
        tokenRequests.withLock { $0.append(method) }
        guard fields["grant_type"] == "authorization_code", let code = fields["code"],
            let grant = grants.withLock({ $0.removeValue(forKey: code) }),
            fields["redirect_uri"] == grant.redirectURI,
            let verifier = fields["code_verifier"],
            Self.base64URL(Data(Hashing.sha256(verifier.utf8))) == grant.codeChallenge
        else {
            return Self.json(["error": "invalid_grant"], status: .badRequest)
        }
        let flaw = grant.behaviour.flaw
        if flaw == .tokenEndpointError { return Self.json(["error": "invalid_grant"], status: .badRequest) }

        let now = Date()
        let claims = TestIDTokenClaims(
            iss: flaw == .wrongIssuer ? "https://impostor.test" : issuer,
            sub: grant.behaviour.subject,
            aud: flaw == .wrongAudience ? "another-client" : Self.clientId,
            exp: flaw == .expired ? now.addingTimeInterval(-3600) : now.addingTimeInterval(300),
            iat: flaw == .expired ? now.addingTimeInterval(-3900) : now,
            nonce: flaw == .wrongNonce ? "a-nonce-from-another-attempt" : grant.nonce,
            email: grant.behaviour.email,
            email_verified: grant.behaviour.emailVerified,
            name: grant.behaviour.name,
            verifiedAsString: grant.behaviour.verifiedAsString
        )
        let keys = flaw == .badSignature ? forger : signer
        let idToken = try await keys.sign(claims, kid: JWKIdentifier(string: Self.keyId))
        return Self.json(["access_token": UUID().uuidString, "token_type": "Bearer", "expires_in": 300, "id_token": idToken])
    }

    // MARK: - Helpers

    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// A 200 answer labelled JSON whose body is `text`, whatever it is.
    static func raw(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The claims the test provider signs.
struct TestIDTokenClaims: JWTPayload {
    var iss: String
    var sub: String
    var aud: String
    var exp: Date
    var iat: Date
    var nonce: String?
    var email: String?
    var email_verified: Bool
    var name: String?
    var verifiedAsString = false

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    enum CodingKeys: String, CodingKey { case iss, sub, aud, exp, iat, nonce, email, email_verified, name }

    init(
        iss: String, sub: String, aud: String, exp: Date, iat: Date, nonce: String?, email: String?,
        email_verified: Bool, name: String?, verifiedAsString: Bool
    ) {
        (self.iss, self.sub, self.aud, self.exp, self.iat) = (iss, sub, aud, exp, iat)
        (self.nonce, self.email, self.email_verified, self.name) = (nonce, email, email_verified, name)
        self.verifiedAsString = verifiedAsString
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decode(String.self, forKey: .iss)
        sub = try container.decode(String.self, forKey: .sub)
        aud = try container.decode(String.self, forKey: .aud)
        exp = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .exp))
        iat = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .iat))
        nonce = try container.decodeIfPresent(String.self, forKey: .nonce)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        email_verified = try container.decode(Bool.self, forKey: .email_verified)
        name = try container.decodeIfPresent(String.self, forKey: .name)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(iss, forKey: .iss)
        try container.encode(sub, forKey: .sub)
        try container.encode(aud, forKey: .aud)
        try container.encode(Int(exp.timeIntervalSince1970), forKey: .exp)
        try container.encode(Int(iat.timeIntervalSince1970), forKey: .iat)
        try container.encodeIfPresent(nonce, forKey: .nonce)
        try container.encodeIfPresent(email, forKey: .email)
        if verifiedAsString {
            try container.encode(email_verified ? "true" : "false", forKey: .email_verified)
        } else {
            try container.encode(email_verified, forKey: .email_verified)
        }
        try container.encodeIfPresent(name, forKey: .name)
    }
}

/// RSA keys made for these tests only (`openssl genrsa 2048`); they protect nothing.
enum TestKeys {
    /// The key whose public half the provider publishes in its JWKS.
    static let published = """
-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCOyHy/W/XnBN83
s6z8SvtKOO1uhFYiK8McnfSA+KN1x66g5eObKyEA2CgT0z6q8gIsJPp+MQ3Mm6Dl
4BWCi9jKjx7QELlv36Z4pi4PGeSggAjD6djpifUbvvSDJgDuGMvhT0kdKmzNnKBv
go0maSXSoCLD5VgcSs52e4jrv3eMU65NFgXdZsiVEYCdbyMIzOZr0U5zL1KE36we
byb2Qir54Tmeo1PO57FMOxuLIDYiE2G3X7ND/ASiQ1zX2N3CFIUQWjnqpQP3Szpu
X92dCrE/nVSAB98HD7NALU6L+0vYnHSaz/sVljOA8mtuhoTphf77yZ3lohY9ulnn
h6v0Z26xAgMBAAECggEAAmUSCZFzalvnr2BHPMaNrdj5Viw9om5WjricAPHv/Oyx
LOqaLWW1FKBrgKn0qsBAdtN/yOV4paeaaeH0U7zrJo+YDNWWT05CdVLVN4SKdAIz
E2/M8cgnc9RkDGiTEACbYnoBKrjwe6eJPdbkLZfKeNHzL1MIY1YXsyn0hJQQ1LTN
WedQqaxnef0rAihwBslBGCiDltuiXFmjPLDatpZMatQ0adtaJGVqUnS9FNLoX9jZ
D1sdPmfIlmbZiiR4mqfLSWkD4Yze51k0ATNKAUuK3UFISqHKwrKpZ/jwyFe0HtLi
YATwaVbAPiECcjyZX7ZYUW5V4C2zHBIhRpPOpTIyeQKBgQDFX4EbzPVQov3zOqCg
i6e9wNn/4OtcUzg5zI0IdDgtqy0524ZlRBa82IiAKDVkQ4M46j14qgZh+ne8ZqhC
3ljX9bw6t+5xN215lzSlCDyu7LYtOgfU7WZQHijMVdF8h8JFW0vXGZrANxalre1f
FRUrkp0WPT3wkx5RZa2dD6nnGQKBgQC5MeXKf/v6GbtdBe7ZTni/V5L6cs+5rwoM
Kt8aq0wo4yenDb4TbWjZO7ORlJ+bV32UG9JBO/1herc7o6haRUWXsDOD9klHU+x1
uasXOAiX8p/+QV8OdaxaETeKYmC0Ocju4oSX5rZPYftjzS7zeK/42jLuV32/OgvK
ZHfjv7yvWQKBgGU2N1fRP48NNhqvWsVZODhnF6NObIMYrcF98mh+aHyKxhNgTkfJ
pbtLcpv9gnua30SlYcZpsgI2VYZIQkqgCIEeI1sdDOoD2WC7uCRU2AF/o2AH3RJE
du3ouVUnQNiSKX41deuk1qVw2m01hn72qbeBZIqN9yBR4P8um9vpt1+pAoGATBfk
gz/zGOBZy+8UJNXJZ1VkXuOt1m3FgxpacWrQ8Dvlnw5We0UJP7j4H2kh64IXZzPH
QGaVxefWQfsMwYqU/a64fBBGK7if//85/WBYp5ZZhu71T8up9Zf9ai7h7SuRFBae
xItXfWaVFHzKPd/o7ic5phTs5hXDonWFjV7K+IECgYAZu8vy2r3P12urp+9wnUQG
qqFQbG3dGD4Whjkp8jRfe9TIYOKGTbkxByMGIvIG74NBTtCRaJyl6zmlEc0eoieR
VHnY4Sx5Nk4CkxjumuG0MpkclRO8Y+BP59Iyvm3bOgO6/sno2OA90FL7EV4WZban
OgUhEWbllgjqWTlChVQpqQ==
-----END PRIVATE KEY-----
"""

    /// A key the provider never publishes, used to forge signatures.
    static let unpublished = """
-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDbnGr0sRmRE/DJ
uUU2IbHiJBv6+Jk5kDW/Rs6qS45j9n2rZxUvYiVokkp6l16wWSPtzwUcv6c2g7l0
2W/mMpe3MFfcpceo3+yP5N8l8yhHCTMuvr5pv7VsOBWvb4nV5nR5rw0mqsBVLdEO
N2KSld7bRRU9z9UvX+zYnOTX1gMW7wcglYL3nJYzDVzPDxoQidDKGvnvken9yGWT
1bHx6ImK6WXB/dXjP9n+L5HfQ/aZKVJ27ft72kWyEv+25tl2jeWKPzM7KmHYReIs
uDxy8VAetd+UTW/B401LtPq9b5eewxUJipCq6BTWh3IqdPhcvkAaZ+yOwVgyBG9G
OQXnFT9lAgMBAAECggEACsCaEQBxzMNh7PKEA747GCQl9ZAB6opXw1V7bWWVI2pQ
ZVm+9Qq0Y64T9PQf1/kJVA2ohauRi47//8tcmfP8rySwDJbWU3uhOLtfPJuu62l1
JtMCfil7f8CwOR54LG+j4MhUF8JQ9+quG2jVS/GID4rOmy/nk3H6JfHql3G8RX1X
zkEUisaLvz+S4IvFw/mZElxC+9z5dMpGcxcCbpgKzkyC8ze5Q5tqFEyiY7NyvWPX
rzCOPUguC76aAGn9M26kv4TOwVWkaDgBKDk+to45qhwCUFqZnNKUjn7MXoK1XJx8
yXkcBIR1/CXSrFxIv5nJl5bc6c2grAZdM0yFEqevYQKBgQDxpSPwmFwDIH94Iitn
+o9Ndx8dVcvyaOGzbpipFj82WGQqTzfJPP9lzZlrZTgN+/Zr9V9gav7ILw2Ozbiw
fbl3b/zxzQLKeneDncLdCWz42z26r8jCU/tYQGIZFv9FXvhPYm0W31IgCnN4h64+
0q+sQrgRFkegg6C5WevV9jtLIQKBgQDoqDC+zVgbvDmDkkAT/5IdXcSGhqs8Er0S
DdNhug4tX5ybvyagdXNwhdD+igQOC25KxPQdJKZUVJitw2Jocdnwys/ER/efg+i1
EErsgJlJNxbbNIGl/u8glELL2FYLGSE+Z+BX+kKGMOC1qsICSiD94ecQ7l6sZl0S
Hi//Ud2PxQKBgFEsN0F3/Ni0Dv3NBKW+HmtYS6RwEL2Si9bZnQCXz44y7RrlV4kL
K4QIJ7RS4RyZejLTz0E1T/bxD23cH2FyKl47yU10n65iq0kUMsRLiUajZz4SFK9q
xLDll85z0jZ8a49HMfwP8qd+u0FO2rKR1Z9ZHjnnMRJzhQcedMGAIHThAoGAfYkT
FED0g7KiTe4CCUhjbNkFi5jqmDV8M1umbRrZP35RoHAZxYbaTSLHTDDoUzOzxUBU
f80gumwTHd9JIBYehKDKTpyOblHcpKYv50DUdP72pDzGn+zY1nlpOVh3xPFAUM33
7UCp2IJTHXMPz/BzsMnNxgL4rollOrtzJo7jwAkCgYAqeuv1SwrihGyVpiRPma6o
sZOG6DcA+SDtz0redFo46UrhSbyfDPYbDbx6d9NXkMR6SXMaxSVmKMhpZSEQYetp
tCRLEeg5aR20a9+kTBTQBJ6rMg8i3oRY7LjRODm6Xvim+cUqLm1aP13u0t/TKQAI
/jLDWt/x+nmYNdqthy1HVg==
-----END PRIVATE KEY-----
"""
}

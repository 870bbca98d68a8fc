import Hummingbird

/// Why a sign-in with a provider was refused. Each case has a sentence for the person (shown on the error page with a
/// 4xx status) and a reason for the log; neither holds a token or a secret.
enum SignInRefusal: Error, Equatable, Sendable {
    /// No provider of that name is configured.
    case unknownProvider
    /// The callback's `state` is missing, unknown, already used or from another provider.
    case badState
    /// The pending sign-in started too long ago.
    case expiredState
    /// The provider sent the person back with `error=…` (`access_denied` when they cancelled).
    case providerError(String)
    /// The callback has no `code`.
    case missingCode
    /// The discovery document could not be fetched or read.
    case discoveryFailed(String)
    /// The token endpoint refused the code or could not be reached.
    case tokenEndpointFailed(String)
    /// The user-info endpoint of an OAuth 2 provider could not be reached, refused the access token, or answered
    /// something too large or without a usable `id`.
    case userInfoFailed(String)
    /// The signing keys could not be fetched or read.
    case keysUnavailable(String)
    /// The ID token is malformed, or signed with an unexpected algorithm or an unknown key.
    case malformedToken(String)
    /// The ID token's signature does not verify.
    case badSignature
    /// `iss` is not the provider's issuer.
    case wrongIssuer(String)
    /// `aud` does not name our client id.
    case wrongAudience
    /// `exp` has passed.
    case expired
    /// `nonce` is not the one we sent.
    case wrongNonce

    /// The HTTP status of the refusal page.
    var status: HTTPResponse.Status {
        switch self {
        case .unknownProvider: .notFound
        case .providerError(let code) where code == "access_denied": .forbidden
        default: .badRequest
        }
    }

    /// What the person reads; `provider` is the provider's title.
    func message(provider: String) -> String {
        switch self {
        case .unknownProvider:
            "This sign-in method is not offered here."
        case .badState:
            "This sign-in link is not valid or was already used. Start again from the sign-in page."
        case .expiredState:
            "This sign-in took too long. Start again from the sign-in page."
        case .providerError(let code) where code == "access_denied":
            "\(provider) did not let us sign you in (access was denied or cancelled)."
        case .providerError:
            "\(provider) could not sign you in. Try again, or sign in with your password."
        case .missingCode:
            "\(provider) sent you back without a sign-in code. Start again from the sign-in page."
        case .discoveryFailed, .tokenEndpointFailed, .userInfoFailed, .keysUnavailable:
            "We could not complete the sign-in with \(provider). Try again in a moment, or sign in with your password."
        case .malformedToken, .badSignature, .wrongIssuer, .wrongAudience:
            "\(provider) sent a sign-in we cannot trust, so we refused it."
        case .expired:
            "The sign-in from \(provider) has expired. Start again from the sign-in page."
        case .wrongNonce:
            "The sign-in from \(provider) does not belong to this attempt, so we refused it. Start again from the sign-in page."
        }
    }

    /// The reason written to the log.
    var logReason: String {
        switch self {
        case .unknownProvider: "unknown provider"
        case .badState: "state missing, unknown or reused"
        case .expiredState: "pending sign-in expired"
        case .providerError(let code): "provider returned error \(code)"
        case .missingCode: "callback without code"
        case .discoveryFailed(let why): "discovery failed: \(why)"
        case .tokenEndpointFailed(let why): "token endpoint failed: \(why)"
        case .userInfoFailed(let why): "user info failed: \(why)"
        case .keysUnavailable(let why): "JWKS unavailable: \(why)"
        case .malformedToken(let why): "malformed ID token: \(why)"
        case .badSignature: "ID token signature does not verify"
        case .wrongIssuer(let iss): "ID token issuer \(iss) is not the provider's"
        case .wrongAudience: "ID token audience is not our client id"
        case .expired: "ID token expired"
        case .wrongNonce: "ID token nonce does not match"
        }
    }
}

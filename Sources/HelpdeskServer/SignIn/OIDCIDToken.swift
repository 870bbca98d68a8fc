import Foundation
import JWTKit

/// The claims of an OpenID Connect ID token that sign-in reads. Claims are checked by `OIDCClient` after the
/// signature, so that each failure has its own refusal; `verify(using:)` itself checks nothing.
struct OIDCIDToken: JWTIdentityToken {
    enum CodingKeys: String, CodingKey {
        case issuer = "iss"
        case subject = "sub"
        case audience = "aud"
        case expires = "exp"
        case nonce
        case email
        case emailVerified = "email_verified"
        case name
    }

    /// `iss`
    var issuer: IssuerClaim
    /// `sub`
    var subject: SubjectClaim
    /// `aud`
    var audience: AudienceClaim
    /// `exp`
    var expires: ExpirationClaim
    /// `nonce`
    var nonce: String?
    /// `email`
    var email: String?
    /// `email_verified` (a boolean, or the strings "true"/"false" some providers send)
    var emailVerified: BoolClaim?
    /// `name`
    var name: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

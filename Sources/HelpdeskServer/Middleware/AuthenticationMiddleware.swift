import HelpdeskCore
import Hummingbird
import HummingbirdAuth

/// Sets `context.identity` from `Authorization: Bearer <api token>` (except on `/metrics` and `/api/v1/inbound-mail`,
/// whose bearers are the metrics and inbound mail tokens, checked by those routes) or from the session cookie. A
/// session whose
/// user is gone or deactivated is cleared.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let database: AppDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer "),
            !Self.ownBearer.contains(AbuseLimitMiddleware.routedPath(request.uri.path))
        {
            let token = String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard let user = try await database.user(forAPIToken: token) else { throw ServerError.unauthorized }
            context.identity = user
            context.authenticatedByToken = true
        } else if let session = context.sessions.session, let userId = session.userId {
            if let user = try? await database.user(id: userId), user.isActive {
                context.identity = user
            } else {
                context.sessions.clearSession()
            }
        }
        return try await next(request, context)
    }

    /// The routes whose bearer token is their own, not an API token.
    static let ownBearer: Set<String> = ["/metrics", "/api/v1/inbound-mail"]
}

/// Refuses anonymous API calls with 401.
struct RequireUserMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.identity != nil else { throw ServerError.unauthorized }
        return try await next(request, context)
    }
}

/// API writes must be JSON: a cross-site HTML form cannot send `application/json` without a CORS preflight, which
/// this server never grants, so cookie-authenticated API calls cannot be forged.
///
/// The two writes that take files (filing a ticket, adding a message) also accept `multipart/form-data`, which a
/// cross-site form *can* send: with a bearer token, or with a session cookie and the session's CSRF token in the
/// `X-CSRF-Token` header (a header such a form cannot set).
struct RequireJSONMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The header that carries a browser session's CSRF token on a multipart API write.
    static let csrfHeader = HTTPFields.Element.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .post || request.method == .put || request.method == .patch {
            let type = request.headers[.contentType]?.lowercased() ?? ""
            if type.hasPrefix("multipart/form-data"), request.method == .post, Self.takesFiles(request.uri.path) {
                if context.identity != nil, !context.authenticatedByToken {
                    guard let expected = context.sessions.session?.csrfToken, let given = request.headers[Self.csrfHeader],
                        CSRFMiddleware.constantTimeEquals(expected, given)
                    else { throw ServerError.csrf }
                }
            } else {
                guard type.hasPrefix("application/json") else { throw ServerError.unsupportedMediaType }
            }
        }
        return try await next(request, context)
    }

    /// `/api/v1/tickets` and `/api/v1/tickets/{id}/messages`.
    static func takesFiles(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1", parts[2] == "tickets" else { return false }
        return parts.count == 3 || (parts.count == 5 && parts[4] == "messages")
    }
}

extension AppRequestContext {
    /// The signed-in user, or 401.
    func requireUser() throws -> User {
        guard let identity else { throw ServerError.unauthorized }
        return identity
    }
}

import Foundation

import Foundation
import HelpdeskCore
import Hummingbird

/// Checks the session's CSRF token on every unsafe HTML request: the form must carry it in the `csrf` field.
/// The parsed form is handed to the route in `context.form`.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let form = FormData(String(buffer: buffer))
        guard let expected = context.sessions.session?.csrfToken, let given = form["csrf"],
            Self.constantTimeEquals(expected, given)
        else { throw ServerError.csrf }
        var context = context
        context.form = form
        return try await next(request, context)
    }

    /// Compares two strings in time independent of where they differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

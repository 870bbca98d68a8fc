import Hummingbird

/// Runs `middleware` for every request but the ones that need nothing of it: the health check (`/health`, which load
/// balancers ask several times a second) and the static assets (`/assets/…`). Those never read a session, an identity
/// or the database, and are not worth a log line each; everything else, `/metrics` included (admins read it with their
/// session), goes through `middleware` as before.
struct UnlessProbe<Middleware: RouterMiddleware>: RouterMiddleware {
    typealias Context = Middleware.Context

    /// The wrapped middleware.
    let middleware: Middleware

    /// Wraps `middleware`.
    init(_ middleware: Middleware) {
        self.middleware = middleware
    }

    /// Whether `path` is a health check or an asset.
    static func isProbe(_ path: String) -> Bool {
        path == "/health" || path.hasPrefix("/assets/")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.isProbe(request.uri.path) { return try await next(request, context) }
        return try await middleware.handle(request, context: context, next: next)
    }
}

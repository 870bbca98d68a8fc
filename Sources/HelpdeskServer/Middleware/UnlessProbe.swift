import Hummingbird

/// Runs `middleware` for every request but the ones that need nothing of it: the health checks (`/health`,
/// `/health/live` and `/health/ready`, which load balancers ask several times a second) and the static assets
/// (`/assets/…`). Those never read a session or an identity (only `/health/ready` asks the store a trivial query), and
/// are not worth a log line each; everything else, `/metrics` included (admins read it with their session), goes
/// through `middleware` as before.
struct UnlessProbe<Middleware: RouterMiddleware>: RouterMiddleware {
    typealias Context = Middleware.Context

    /// The wrapped middleware.
    let middleware: Middleware

    /// Wraps `middleware`.
    init(_ middleware: Middleware) {
        self.middleware = middleware
    }

    /// Whether `path` is a health check (`HealthController.paths`) or an asset.
    static func isProbe(_ path: String) -> Bool {
        HealthController.paths.contains(path) || path.hasPrefix("/assets/")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.isProbe(request.uri.path) { return try await next(request, context) }
        return try await middleware.handle(request, context: context, next: next)
    }
}

import Hummingbird

/// Adds the security headers to every response, errors included: a CSP without inline scripts (a route may set a
/// stricter one, as the attachments' sandbox), no framing, no MIME sniffing, and a strict referrer policy.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                + "base-uri 'none'; frame-ancestors 'none'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "strict-origin-when-cross-origin"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        return response
    }
}

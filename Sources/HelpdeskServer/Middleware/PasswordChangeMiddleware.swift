import HelpdeskCore
import Hummingbird

/// Sends someone who must replace their password (the first admin, whose generated password was printed at start) to
/// their account page from every signed-in page until they do; the account page, the password form and signing out
/// stay open. API calls are not redirected.
struct PasswordChangeMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The pages that stay open meanwhile.
    static let open: Set<String> = ["/account", "/account/password", "/logout"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The signed-in user's row, read once per request by `AuthenticationMiddleware`, carries the flag.
        guard let user = context.identity, user.mustChangePassword, !context.authenticatedByToken,
            !Self.open.contains(request.uri.path)
        else { return try await next(request, context) }
        context.setFlash("Choose a password of your own first: the one printed when the server started must be replaced.")
        return redirect("/account")
    }
}

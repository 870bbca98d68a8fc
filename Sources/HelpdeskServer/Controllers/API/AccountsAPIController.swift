import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdAuth

/// Registration, confirmation and sign-in for API clients: `/api/v1/accounts`, `/api/v1/session`.
struct AccountsAPIController: Sendable {
    let services: AppServices

    struct RegisterBody: Decodable {
        var name: String
        var email: String
        var password: String
    }

    struct LoginBody: Decodable {
        var email: String
        var password: String
        /// Also create and return a personal API token.
        var token: Bool?
    }

    /// Adds the public routes (no sign-in needed).
    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("accounts", use: register)
        group.get("accounts/confirm", use: confirm)
        group.post("session", use: login)
        group.delete("session", use: logout)
    }

    /// Adds the routes that need a signed-in user.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("session", use: me)
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<RegistrationResponse> {
        let body = try await request.decodeJSON(RegisterBody.self, context: context)
        try await services.database.register(name: body.name, email: body.email, password: body.password)
        return EditedResponse(
            status: .created,
            response: RegistrationResponse(message: "Check your inbox: we sent a link to confirm your e-mail address.")
        )
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = request.query["token"] ?? ""
        let wantsHTML = (request.headers[.accept] ?? "").contains("text/html")
        guard !token.isEmpty else { throw ServerError.badRequest(field: "token", message: "The link has no token.") }
        if wantsHTML {
            // The link in the mail, opened in a browser: show the result on the sign-in page.
            do {
                try await services.database.confirmEmail(token: token)
                context.setFlash("Your e-mail address is confirmed. You can sign in now.")
            } catch let error as HelpdeskError {
                context.setFlash(error.message)
            }
            return Response(status: .seeOther, headers: [.location: "/login"])
        }
        let user = try await services.database.confirmEmail(token: token)
        return try ConfirmationResponse(confirmed: true, user: UserResponse(user)).response(from: request, context: context)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> SessionResponse {
        let body = try await request.decodeJSON(LoginBody.self, context: context)
        let limitKey = AppServices.loginKey(context, email: body.email)
        if let retry = services.loginLimiter.take(limitKey) { throw ServerError.rateLimited(retryAfter: retry) }
        let user = try await services.database.login(email: body.email, password: body.password)
        services.loginLimiter.reset(limitKey)
        await services.discardSession(of: request)
        context.signIn(user)
        var token: String?
        if body.token == true {
            token = try await services.database.createAPIToken(for: user, name: "API sign-in \(Self.stamp())").plain
        }
        return SessionResponse(user: UserResponse(user), token: token)
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        context.signOut()
        return .noContent
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> SessionResponse {
        SessionResponse(user: UserResponse(try context.requireUser()), token: nil)
    }

    private static func stamp() -> String {
        Date().formatted(.iso8601)
    }
}

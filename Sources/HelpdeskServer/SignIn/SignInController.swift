import Foundation
import HelpdeskCore
import Hummingbird

/// Sign-in with OpenID Connect providers (Google, LinkedIn, others by issuer): the authorisation-code flow with PKCE,
/// `state` and `nonce`.
///
/// `GET /auth/NAME` remembers a new state, nonce and code verifier in the session and sends the browser to the
/// provider; `GET /auth/NAME/callback` checks the state (once), exchanges the code, verifies the ID token and signs
/// the person in. Every refusal is a page with a 4xx status, and its reason is logged.
struct SignInController: Sendable {
    let services: AppServices
    var providers: SignInProviders { services.signInProviders }

    /// How long a started sign-in stays valid.
    static let pendingLifetime: TimeInterval = 10 * 60

    /// Adds the routes.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("auth/:provider", use: start)
        group.get("auth/:provider/callback", use: callback)
    }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("provider") ?? ""
        guard let client = providers.client(named: name) else {
            return try refuse(.unknownProvider, provider: name, title: name, request: request, context: context)
        }
        let next = safeNext(request.query["next"])
        if let user = context.identity { return redirect(next == "/" ? Self.home(of: user) : next) }

        let state = SecureToken.generate()
        let nonce = SecureToken.generate()
        let verifier = SecureToken.generate()
        let challenge = Base64URL.encode(SHA256.digest(Array(verifier.utf8)))
        let location: String
        do {
            location = try await client.authorizationURL(state: state, nonce: nonce, codeChallenge: challenge)
        } catch let refusal as SignInRefusal {
            return try refuse(refusal, provider: name, title: client.settings.title, request: request, context: context)
        }
        _ = context.csrfToken()  // starts an anonymous session when there is none
        let pending = PendingSignIn(
            provider: name,
            state: state,
            nonce: nonce,
            codeVerifier: verifier,
            next: next,
            startedAt: Date()
        )
        context.sessions.withLockedSession { $0?.pendingSignIn = pending }
        return Response(status: .found, headers: [.location: location, .cacheControl: "no-store"])
    }

    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("provider") ?? ""
        guard let client = providers.client(named: name) else {
            return try refuse(.unknownProvider, provider: name, title: name, request: request, context: context)
        }
        let title = client.settings.title
        // The pending attempt is used once, whatever happens next.
        let pending = context.sessions.session?.pendingSignIn
        if pending != nil { context.sessions.withLockedSession { $0?.pendingSignIn = nil } }

        let identity: ProviderIdentity
        do {
            if let error = request.query["error"] {
                throw SignInRefusal.providerError(String(error.prefix(64)))
            }
            guard let pending, pending.provider == name, let state = request.query["state"],
                OIDCClient.constantTimeEqual(state, pending.state)
            else { throw SignInRefusal.badState }
            guard Date().timeIntervalSince(pending.startedAt) < Self.pendingLifetime else {
                throw SignInRefusal.expiredState
            }
            guard let code = request.query["code"], !code.isEmpty else { throw SignInRefusal.missingCode }
            let idToken = try await client.exchange(code: code, codeVerifier: pending.codeVerifier)
            let token = try await client.verify(idToken: idToken, nonce: pending.nonce)
            identity = ProviderIdentity(
                provider: name,
                providerTitle: title,
                subject: token.subject.value,
                email: token.email,
                emailVerified: token.emailVerified?.value ?? false,
                name: token.name
            )
        } catch let refusal as SignInRefusal {
            return try refuse(refusal, provider: name, title: title, request: request, context: context)
        }

        let user: User
        do {
            user = try await services.database.signIn(with: identity)
        } catch let error as HelpdeskError {
            context.logger.notice(
                "sign-in refused",
                metadata: ["provider": "\(name)", "reason": "\(error.description)"]
            )
            return try page(
                heading: "Sign-in with \(title) did not work",
                message: error.message,
                status: error.status,
                request: request,
                context: context
            )
        }
        context.logger.info("signed in with a provider", metadata: ["provider": "\(name)", "user": "\(user.requiredID)"])
        await services.discardSession(of: request)
        context.signIn(user)
        let next = safeNext(pending?.next)
        return redirect(next == "/" ? Self.home(of: user) : next)
    }

    /// Logs the refusal's reason and renders its page.
    private func refuse(
        _ refusal: SignInRefusal,
        provider: String,
        title: String,
        request: Request,
        context: AppRequestContext
    ) throws -> Response {
        context.logger.notice("sign-in refused", metadata: ["provider": "\(provider)", "reason": "\(refusal.logReason)"])
        let heading = refusal == .unknownProvider ? "Not found" : "Sign-in with \(title) did not work"
        return try page(
            heading: heading,
            message: refusal.message(provider: title),
            status: refusal.status,
            request: request,
            context: context
        )
    }

    private func page(
        heading: String,
        message: String,
        status: HTTPResponse.Status,
        request: Request,
        context: AppRequestContext
    ) throws -> Response {
        var values = services.chrome(context, title: heading)
        values["heading"] = heading
        values["message"] = message
        values["status"] = status.code
        values["retry"] = "/login"
        return try services.views.render("error", values, status: status).response(from: request, context: context)
    }

    /// Where a user lands after signing in without a `next`.
    static func home(of user: User) -> String {
        user.role.isStaff ? "/agent" : "/tickets"
    }
}

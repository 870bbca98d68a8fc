import Foundation
import HelpdeskCore
import Hummingbird

/// Sign-in with OpenID Connect providers (Google, LinkedIn, others by issuer) and plain OAuth 2 ones (Facebook): the
/// authorisation-code flow with PKCE, `state` and (OpenID Connect) `nonce`.
///
/// `GET /auth/NAME` remembers a new state, nonce and code verifier in the session and sends the browser to the
/// provider; `GET /auth/NAME/callback` checks the state (once), exchanges the code, verifies the ID token (or reads
/// the provider's user-info endpoint) and signs the person in. Every refusal is a page with a 4xx status, and its
/// reason is logged.
///
/// The account page starts the same flow in "link" mode (`startLink`), bound to the signed-in user: the callback then
/// links the identity to that user (the only way a staff account gets one) instead of signing anyone in.
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
        return try await begin(client, next: next, linkUserId: nil, status: .found, request: request, context: context)
    }

    /// Starts linking provider `name` to the signed-in user (a form on the account page): sends the browser to the
    /// provider; the callback links the identity and returns to the account page.
    func startLink(provider name: String, request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard let client = providers.client(named: name) else {
            return try refuse(.unknownProvider, provider: name, title: name, request: request, context: context)
        }
        guard !context.authenticatedByToken, context.sessions.session?.userId == user.id else {
            return try page(
                heading: "Linking \(client.settings.title) did not work",
                message: "Link \(client.settings.title) from your account page in the browser you signed in with.",
                status: .forbidden,
                retry: nil,
                request: request,
                context: context
            )
        }
        return try await begin(client, next: "/account", linkUserId: user.id, status: .seeOther, request: request, context: context)
    }

    /// Remembers a new attempt (state, nonce, PKCE verifier, `next`, the user to link) in the session and sends the
    /// browser to the provider with a `status` redirect.
    private func begin(
        _ client: SignInClient,
        next: String,
        linkUserId: Int64?,
        status: HTTPResponse.Status,
        request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let name = client.settings.name
        let state = SecureToken.generate()
        let nonce = SecureToken.generate()
        let verifier = SecureToken.generate()
        let challenge = Base64URL.encode(Hashing.sha256(verifier.utf8))
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
            startedAt: Date(),
            linkUserId: linkUserId
        )
        context.sessions.withLockedSession { $0?.pendingSignIn = pending }
        return Response(status: status, headers: [.location: location, .cacheControl: "no-store"])
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
            identity = try await client.identity(code: code, pending: pending)
        } catch let refusal as SignInRefusal {
            return try refuse(refusal, provider: name, title: title, request: request, context: context)
        }

        if let linkUserId = pending?.linkUserId {
            return try await link(identity, to: linkUserId, request: request, context: context)
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

    /// The end of a link started from the account page: links `identity` to the user who started it, if that user is
    /// still the one signed in, and returns to the account page.
    private func link(
        _ identity: ProviderIdentity,
        to userId: Int64,
        request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let title = identity.providerTitle
        let heading = "Linking \(title) did not work"
        guard let user = context.identity, user.id == userId, !context.authenticatedByToken else {
            context.logger.notice("identity link refused", metadata: ["provider": "\(identity.provider)", "reason": "signed out"])
            return try page(
                heading: heading,
                message: "You are no longer signed in as the account that asked for the link. "
                    + "Sign in, then link \(title) from your account page.",
                status: .forbidden,
                request: request,
                context: context
            )
        }
        do {
            try await services.database.linkIdentity(identity, to: user)
        } catch let error as HelpdeskError {
            context.logger.notice(
                "identity link refused",
                metadata: ["provider": "\(identity.provider)", "reason": "\(error.description)"]
            )
            return try page(
                heading: heading,
                message: error.message,
                status: error.status,
                retry: nil,
                request: request,
                context: context
            )
        }
        context.logger.info("identity linked", metadata: ["provider": "\(identity.provider)", "user": "\(userId)"])
        context.setFlash("\(title) sign-in is linked to your account: you can sign in with \(title) from now on.")
        return redirect("/account")
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
        retry: String? = "/login",
        request: Request,
        context: AppRequestContext
    ) throws -> Response {
        let page = ErrorPage(status: status.code, heading: heading, message: message, retry: retry)
        return try services.views.render("error", Page(chrome: services.pageChrome(context, title: heading), model: page), status: status)
            .response(from: request, context: context)
    }

    /// Where a user lands after signing in without a `next`.
    static func home(of user: User) -> String {
        user.role.isStaff ? "/agent" : "/tickets"
    }
}

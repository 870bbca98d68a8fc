import Foundation
import HelpdeskCore
import Hummingbird

/// The signed-in user's own account: profile, password change and personal API tokens.
///
/// A new token is shown once, on the page that answers its creation (never stored in the session or a
/// redirect); afterwards only its name and dates are listed. Changing the password signs out every other
/// browser, revokes every API token, and keeps the current browser signed in under a fresh session id.
struct AccountController: Sendable {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// Adds the routes (signed-in group).
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("account", use: show)
        group.post("account/password", use: changePassword)
        group.post("account/tokens", use: createToken)
        group.post("account/tokens/:id/revoke", use: revokeToken)
        group.post("account/identities/:provider", use: linkProvider)
    }

    /// Renders the account page, with a form error or a new token when there is one.
    func page(
        _ context: AppRequestContext,
        newToken: AccountPage.NewToken? = nil,
        tokenName: String? = nil,
        error: HelpdeskError? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        let user = try context.requireUser()
        let chrome = services.pageChrome(context, title: "Your account")
        let tokens = try await database.apiTokens(of: user)
        let titles = Dictionary(services.signInProviders.settings.map { ($0.name, $0.title) }, uniquingKeysWith: { a, _ in a })
        let identities = try await database.identities(ofUser: user.requiredID)
        let linked = Set(identities.map(\.provider))
        let model = AccountPage(
            profile: AccountPage.Profile(
                name: user.name, email: user.email, role: user.role.rawValue.capitalized, since: ViewModels.date(user.createdAt)),
            tokens: tokens.map { token in
                AccountPage.Token(
                    id: token.id ?? 0, name: token.name, createdAt: ViewModels.date(token.createdAt),
                    lastUsedAt: token.lastUsedAt.map { ViewModels.date($0) } ?? "never",
                    revokedAt: token.revokedAt.map { ViewModels.date($0) })
            },
            hasTokens: !tokens.isEmpty,
            identities: identities.map { identity in
                AccountPage.Identity(
                    provider: titles[identity.provider] ?? identity.provider.capitalized, email: identity.email,
                    linkedAt: ViewModels.date(identity.linkedAt), lastSignInAt: ViewModels.date(identity.lastSignInAt))
            },
            linkable: services.signInProviders.settings.filter { !linked.contains($0.name) }.map {
                AccountPage.Linkable(name: $0.name, title: $0.title)
            },
            providersConfigured: !services.signInProviders.settings.isEmpty,
            newToken: newToken,
            tokenName: tokenName,
            error: error?.message,
            errors: error.flatMap { error in error.field.map { [$0: error.message] } })
        return try services.views.render("account", Page(chrome: chrome, model: model), status: error.map { $0.status } ?? status)
    }

    /// The notice shown after a password change.
    static let passwordChangedNotice =
        "Password changed. Other sessions and API tokens were signed out; create a new token if a script needs one."

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try await page(context)
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let f = context.form
        guard f.string("password") == f.string("confirm") else {
            return try await page(context, error: .invalidInput(field: "confirm", message: "The two new passwords differ."))
                .response(from: request, context: context)
        }
        let currentSession = request.cookies[AppServices.sessionCookie].map { AppServices.sessionKeyPrefix + $0.value }
        do {
            try await database.changePassword(
                for: user,
                current: f.string("currentPassword"),
                new: f.string("password"),
                keepingSession: currentSession
            )
        } catch let error as HelpdeskError {
            return try await page(context, error: error).response(from: request, context: context)
        }
        // The core ended every other session and revoked every API token; this browser stays signed in, under a new
        // session id (the old one may be what leaked).
        await services.discardSession(of: request)
        context.signIn(user, flash: Self.passwordChangedNotice)
        return redirect("/account")
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let name = context.form.string("name")
        do {
            let (_, plain) = try await database.createAPIToken(for: user, name: name)
            return try await page(
                context, newToken: AccountPage.NewToken(name: name.trimmingCharacters(in: .whitespacesAndNewlines), value: plain),
                status: .created)
                .response(from: request, context: context)
        } catch let error as HelpdeskError {
            return try await page(context, tokenName: name, error: error).response(from: request, context: context)
        }
    }

    /// Starts linking a sign-in provider to this account (the provider sends the browser back to its callback).
    @Sendable func linkProvider(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await SignInController(services: services)
            .startLink(provider: context.parameters.get("provider") ?? "", request: request, context: context)
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        guard let id = context.parameters.get("id").flatMap(Int64.init) else { throw ServerError.notFound }
        // Only the owner's tokens: an admin revokes other people's tokens by deactivating their account.
        guard try await database.apiTokens(of: user).contains(where: { $0.id == id }) else { throw ServerError.notFound }
        try await database.revokeAPIToken(id: id, by: user)
        context.setFlash("The token is revoked; programs using it are refused from now on.")
        return redirect("/account")
    }
}

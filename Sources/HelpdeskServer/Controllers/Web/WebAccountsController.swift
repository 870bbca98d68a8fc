import Foundation
import HelpdeskCore
import Hummingbird

/// Register, confirm, sign in and out, forgotten and reset passwords.
struct WebAccountsController: Sendable {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// Adds the routes.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("register", use: registerPage)
        group.post("register", use: register)
        group.get("confirm", use: confirm)
        group.get("login", use: loginPage)
        group.post("login", use: login)
        group.post("logout", use: logout)
        group.get("forgot-password", use: forgotPage)
        group.post("forgot-password", use: forgot)
        group.get("reset-password", use: resetPage)
        group.post("reset-password", use: reset)
        group.post("resend-confirmation", use: resend)
    }

    /// Renders a page of the account flows.
    func form<Model>(
        _ template: String,
        title: String,
        context: AppRequestContext,
        _ model: Model,
        status: HTTPResponse.Status = .ok
    ) throws -> HTML {
        let page = Page(chrome: services.pageChrome(context, title: title, form: true), model: model)
        return try services.views.render(template, page, status: status)
    }

    /// Renders a form page again after `error`, shown at the top and beside the field at fault, with its status.
    func form<Model: FormPage>(
        _ template: String,
        title: String,
        context: AppRequestContext,
        _ model: Model,
        refusing error: HelpdeskError
    ) throws -> HTML {
        var model = model
        model.show(error)
        return try form(template, title: title, context: context, model, status: error.status)
    }

    /// The providers' buttons, carrying `next`.
    func signInButtons(next: String?) -> SignInButtons? {
        SignInButtons(services.signInProviders.buttons(next: next))
    }

    @Sendable func registerPage(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try form("register", title: "Create an account", context: context, RegisterPage(signIn: signInButtons(next: nil)))
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let f = context.form
        do {
            try await database.register(name: f.string("name"), email: f.string("email"), password: f.string("password"))
        } catch let error as HelpdeskError {
            let typed = RegisterPage(name: f.string("name"), email: f.string("email"), signIn: signInButtons(next: nil))
            return try form("register", title: "Create an account", context: context, typed, refusing: error)
                .response(from: request, context: context)
        }
        return try form("check-inbox", title: "Check your inbox", context: context, CheckInboxPage(email: f.string("email"), reset: false))
            .response(from: request, context: context)
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = request.query["token"] ?? ""
        do {
            try await database.confirmEmail(token: token)
            context.setFlash("Your e-mail address is confirmed. Sign in to continue.")
            return redirect("/login")
        } catch let error as HelpdeskError {
            let message = MessagePage(
                heading: "This link does not work", message: error.message, hint: "Sign in and we will offer to send a new link.")
            return try form("message", title: "This link does not work", context: context, message, status: .badRequest)
                .response(from: request, context: context)
        }
    }

    @Sendable func loginPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.identity != nil { return redirect("/") }
        let next = safeNext(request.query["next"])
        return try form("login", title: "Sign in", context: context, LoginPage(next: next, signIn: signInButtons(next: next)))
            .response(from: request, context: context)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let f = context.form
        let email = f.string("email")
        let next = safeNext(f["next"])
        let key = AppServices.loginKey(context, email: email)
        func again(_ message: String, status: HTTPResponse.Status, unconfirmed: Bool = false) throws -> Response {
            let page = LoginPage(
                email: email, next: next, unconfirmed: unconfirmed ? true : nil, signIn: signInButtons(next: next), error: message)
            return try form("login", title: "Sign in", context: context, page, status: status)
                .response(from: request, context: context)
        }
        if let retry = services.loginLimiter.take(key) {
            var response = try again(
                "Too many attempts. Try again in \(ServerError.seconds(retry)).", status: .tooManyRequests)
            response.headers[.retryAfter] = "\(retry)"
            return response
        }
        do {
            let user = try await database.login(email: email, password: f.string("password"))
            services.loginLimiter.reset(key)
            await services.discardSession(of: request)
            context.signIn(user)
            let home = user.role.isStaff ? "/agent" : "/tickets"
            return redirect(next == "/" ? home : next)
        } catch let error as HelpdeskError {
            switch error {
            case .unconfirmedAccount: return try again(error.message, status: .forbidden, unconfirmed: true)
            default: return try again(error.message, status: error.status)
            }
        }
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        context.signOut()
        return redirect("/")
    }

    @Sendable func resend(_ request: Request, context: AppRequestContext) async throws -> Response {
        let email = context.form.string("email")
        if services.mayMail(email) { try await database.resendConfirmation(email: email) }
        context.setFlash("If that address is waiting for confirmation, we sent a new link.")
        return redirect("/login")
    }

    @Sendable func forgotPage(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try form("forgot-password", title: "Forgot your password?", context: context, ForgotPasswordPage())
    }

    @Sendable func forgot(_ request: Request, context: AppRequestContext) async throws -> Response {
        let email = context.form.string("email")
        do {
            _ = try InputValidation.normalizedEmail(email)
        } catch let error as HelpdeskError {
            return try form("forgot-password", title: "Forgot your password?", context: context, ForgotPasswordPage(email: email), refusing: error)
                .response(from: request, context: context)
        }
        if services.mayMail(email) { try await database.requestPasswordReset(email: email) }
        return try form("check-inbox", title: "Check your inbox", context: context, CheckInboxPage(email: email, reset: true))
            .response(from: request, context: context)
    }

    @Sendable func resetPage(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let token = request.query["token"] ?? ""
        return try form("reset-password", title: "Choose a new password", context: context, ResetPasswordPage(token: token))
    }

    @Sendable func reset(_ request: Request, context: AppRequestContext) async throws -> Response {
        let f = context.form
        let token = f.string("token")
        guard f.string("password") == f.string("confirm") else {
            return try form(
                "reset-password",
                title: "Choose a new password",
                context: context,
                ResetPasswordPage(token: token),
                refusing: .invalidInput(field: "confirm", message: "The two passwords differ.")
            ).response(from: request, context: context)
        }
        do {
            try await database.resetPassword(token: token, newPassword: f.string("password"))
        } catch let error as HelpdeskError {
            return try form("reset-password", title: "Choose a new password", context: context, ResetPasswordPage(token: token), refusing: error)
                .response(from: request, context: context)
        }
        context.signOut()
        context.setFlash(
            "Your password is set. Every session and API token of the account was signed out; sign in with the new "
                + "password now, and create a new token if a script needs one."
        )
        return redirect("/login")
    }
}

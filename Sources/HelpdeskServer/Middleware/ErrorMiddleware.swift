import Foundation
import HelpdeskCore
import Hummingbird
import Logging

/// Turns every error into a response: the JSON error shape under `/api`, elsewhere an HTML page that names the
/// problem (and the field, for bad input); an anonymous visitor of a page that needs a sign-in is sent to the login
/// page. Unexpected errors are logged and answered with 500 without details.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let described = ServerError.describe(error)
            if let serverError = described as? ServerError, serverError == .internal {
                context.logger.error(
                    "request failed",
                    metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"]
                )
            }
            let routed = AbuseLimitMiddleware.routedPath(request.uri.path)
            if routed.hasPrefix("/api/") || routed == "/api" {
                return described.errorResponse()
            }
            if let serverError = described as? ServerError, serverError == .unauthorized {
                let target = request.method == .get ? request.uri.description : "/"
                let escaped = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
                return Response(status: .seeOther, headers: [.location: "/login?next=\(escaped)"])
            }
            var response = try errorPage(described, context: context).response(from: request, context: context)
            for field in described.extraHeaders { response.headers.append(field) }
            return response
        }
    }

    /// The HTML page of an error.
    func errorPage(_ error: any DescribedHTTPError, context: Context) throws -> HTML {
        let heading: String =
            switch error.status.code {
            case 404: "Not found"
            case 403: "Not allowed"
            case 409: "That cannot be done right now"
            case 413: "Too large"
            case 422, 400: "Please check your input"
            case 429: "Slow down"
            default: error.status.code >= 500 ? "Something went wrong" : "That did not work"
            }
        let page = ErrorPage(status: error.status.code, heading: heading, message: error.message, field: error.field)
        return try services.views.render("error", Page(chrome: services.pageChrome(context, title: heading), model: page), status: error.status)
    }
}

extension AppServices {
    /// What every page needs beside its own model (`Page`): the title, the signed-in user and their role, the pending
    /// notice, and the CSRF token when a session exists (forms call `context.csrfToken()` to start one). Takes the
    /// flash, so it is built once per page.
    func pageChrome(_ context: AppRequestContext, title: String, form: Bool = false) -> Chrome {
        var chrome = Chrome(title: title)
        if form || context.identity != nil { chrome.csrf = context.csrfToken() }
        if let flash = context.takeFlash() {
            chrome.flash = flash.message
            chrome.flashRefused = flash.refused
        }
        chrome.user = context.identity.map(SignedInUser.init)
        return chrome
    }
}

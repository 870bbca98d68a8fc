import Foundation
import HelpdeskCore
import Hummingbird

/// Checks the session's CSRF token on every unsafe HTML request: the form must carry it in the `csrf` field.
/// The parsed form is handed to the route in `context.form`; the files of a `multipart/form-data` form, staged in
/// `attachments`, in `context.uploads` (those the route did not commit are deleted afterwards). Without a store, a
/// multipart form's files are refused (`UploadedFiles.problem`) and only its text fields read.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Where files of multipart forms go; nil where no route takes files.
    var attachments: AttachmentStore? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        let form: FormData
        var uploads = UploadedFiles()
        if MultipartForm.isMultipart(request) {
            (form, uploads) = try await MultipartForm.read(request, store: attachments)
        } else {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            form = FormData(String(buffer: buffer))
        }
        defer { attachments?.discard(uploads.files) }
        guard let expected = context.sessions.session?.csrfToken, let given = form["csrf"],
            Self.constantTimeEquals(expected, given)
        else { throw ServerError.csrf }
        var context = context
        context.form = form
        context.uploads = uploads
        return try await next(request, context)
    }

    /// Compares two strings in time independent of where they differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

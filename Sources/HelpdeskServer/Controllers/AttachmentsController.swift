import Foundation
import HelpdeskCore
import Hummingbird
import NIOPosix

/// The files of a ticket: `GET /tickets/{id}/attachments/{attachmentId}` (pages) and the same under `/api/v1`.
///
/// Only who may see the ticket (and, for a file of an internal note, the note) gets the file; everyone else gets the
/// 404 of a file that does not exist. Images (PNG, JPEG, GIF, WebP, sniffed from the content) are shown inline;
/// everything else is a download. No upload is ever served as HTML or SVG: the type is the sniffed one, `nosniff`
/// forbids the browser to guess, and a sandboxing CSP keeps scripts from running even if one tried.
struct AttachmentsController: Sendable {
    let services: AppServices

    /// The page route (signed-in group).
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tickets/:id/attachments/:attachmentId", use: download)
    }

    /// The API route (signed-in API group).
    func addAPIRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tickets/:id/attachments/:attachmentId", use: download)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let ticketId = try TicketsAPIController.ticketId(context)
        let raw = context.parameters.get("attachmentId") ?? ""
        guard let id = Int64(raw), id > 0 else { throw HelpdeskError.notFound(entity: "attachment", id: raw) }
        let attachment = try await services.database.attachment(id: id, ticketId: ticketId, for: user)
        guard let path = services.attachments.existingPath(sha256: attachment.sha256) else {
            services.logger.error("an attachment's file is missing", metadata: ["attachment": "\(id)"])
            throw HelpdeskError.notFound(entity: "attachment", id: raw)
        }
        let body = try await FileIO(threadPool: .singleton).loadFile(path: path, context: context)
        let type = attachment.contentType == "text/plain" ? "text/plain; charset=utf-8" : attachment.contentType
        return Response(
            status: .ok,
            headers: [
                .contentType: type,
                .contentDisposition: Self.contentDisposition(
                    attachment.isImage ? "inline" : "attachment", fileName: attachment.fileName),
                .xContentTypeOptions: "nosniff",
                .contentSecurityPolicy: "default-src 'none'; sandbox",
                .cacheControl: "private, max-age=3600",
            ],
            body: body
        )
    }

    /// Characters left as they are in an RFC 5987 `filename*` value.
    private static let attributeCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `inline` or `attachment` with the file name twice: printable ASCII (anything else, quotes, backslashes, `;` and
    /// `%` as `_`) for old clients, and UTF-8 percent-encoded (RFC 6266, RFC 5987) for the rest.
    static func contentDisposition(_ disposition: String, fileName: String) -> String {
        let ascii = String(
            String.UnicodeScalarView(
                fileName.unicodeScalars.map { scalar in
                    scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F && !"\"\\;%".unicodeScalars.contains(scalar)
                        ? scalar : "_"
                }))
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: attributeCharacters) ?? "attachment"
        return "\(disposition); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}

extension AppServices {
    /// Puts the request's staged files in place (synced, then renamed, then their folder synced) before the transaction
    /// that records them, off the event loop: no message is acknowledged without its files.
    func commitUploads(_ files: [StagedAttachment]) async throws -> [StoredAttachment] {
        guard !files.isEmpty else { return [] }
        let store = attachments
        return try await NIOThreadPool.singleton.runIfActive { try store.commit(files) }
    }
}

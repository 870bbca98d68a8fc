import Foundation
import HelpdeskCore
import Hummingbird
import MultipartKit
import NIOCore

/// Files that came with a `multipart/form-data` request, staged in the attachment store (not yet in place).
public struct UploadedFiles: Sendable {
    /// The files, in the order received; empty when there is a `problem`.
    public var files: [StagedAttachment] = []
    /// Why the files are refused (too large, empty, too many, not accepted here), naming the file and the field; the
    /// text fields were read all the same, so a page can show its form again.
    public var problem: HelpdeskError?
}

/// Reads a `multipart/form-data` body as it streams in (vapor/multipart-kit's `MultipartParser`): text fields into a
/// `FormData`, file parts straight into the attachment store's staging folder, hashed and typed on the way.
///
/// Every count and length from the client is bounded: header bytes per part, text fields and their sizes, the number of
/// files, the size of each file and of all files, and the whole body.
enum MultipartForm {
    /// The most text fields a form may have.
    static let maxTextFields = 64
    /// The most bytes of one text field (a 20,000-character message is at most 80,000 bytes of UTF-8).
    static let maxTextFieldBytes = 100_000
    /// The most header bytes of one part (its name and file name included).
    static let maxPartHeaderBytes = 8 << 10
    /// The most bytes of a field name.
    static let maxFieldNameBytes = 100
    /// Room for the text fields and the framing beyond the files' limit.
    static let overheadBytes = 1 << 20
    /// A body longer than this many times the message limit is not read to its end: the request fails with 413.
    static let drainFactor = 2

    /// Whether `request` carries a multipart form.
    static func isMultipart(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
    }

    /// The `boundary` parameter of a `multipart/form-data` content type (1 to 70 characters, RFC 2046).
    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// Reads the whole body of `request`.
    /// - Parameters:
    ///   - store: where files go; nil refuses every file (`problem`), reading only the text fields.
    /// - Returns: the text fields and the staged files (the caller commits or discards them).
    /// - Throws: `ServerError.badRequest` for a malformed body, `.payloadTooLarge` for a body far past the limits.
    static func read(_ request: Request, store: AttachmentStore?) async throws -> (FormData, UploadedFiles) {
        guard let boundary = request.headers[.contentType].flatMap(Self.boundary(of:)) else {
            throw ServerError.badRequest(field: nil, message: "The multipart body names no boundary.")
        }
        let receiver = Receiver(store: store)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in receiver.header(name, value) }
        parser.onBody = { buffer in receiver.body(&buffer) }
        parser.onPartComplete = { receiver.completePart() }
        let messageLimit = store?.limits.maxMessageBytes ?? 0
        let limit = messageLimit + overheadBytes
        var total = 0
        do {
            for try await chunk in request.body {
                total += chunk.readableBytes
                if total > limit {
                    receiver.refuse(.tooLarge(
                        field: receiver.currentField ?? "attachments",
                        message: store == nil
                            ? "The form is too large."
                            : "The files of one message may not exceed \(AttachmentLimits.describe(messageLimit)) together."
                    ))
                    // Read on (without parsing) so that the browser sees the answer; stop if it goes on far beyond.
                    guard total <= limit * drainFactor else { throw ServerError.payloadTooLarge }
                    continue
                }
                do {
                    try parser.execute(chunk)
                } catch let error as AttachmentStoreError {
                    throw error
                } catch {
                    throw ServerError.badRequest(field: nil, message: "The multipart body is malformed.")
                }
                if let failure = receiver.failure { throw failure }
            }
            if total <= limit { try receiver.finish() }
        } catch {
            receiver.abandonAll()
            throw error
        }
        return (receiver.form, receiver.uploads)
    }

    /// The parser's callbacks: one request's state, used by one task only.
    private final class Receiver {
        let store: AttachmentStore?
        var form = FormData()
        var uploads = UploadedFiles()
        /// A refusal that ends the request (malformed or far too large input).
        var failure: ServerError?

        private enum Part {
            case text(name: String, bytes: [UInt8])
            case file(name: String, namedByClient: Bool, writer: AttachmentWriter)
            case skipped(name: String?)
        }

        private var headers: [(String, String)] = []
        private var headerBytes = 0
        private var part: Part?
        private var textFields = 0
        private var files = 0
        private var fileBytes = 0

        init(store: AttachmentStore?) { self.store = store }

        /// The field of the part being read.
        var currentField: String? {
            switch part {
            case .text(let name, _), .file(let name, _, _): name
            case .skipped(let name): name
            case nil: nil
            }
        }

        func header(_ name: String, _ value: String) {
            headerBytes += name.utf8.count + value.utf8.count
            guard headerBytes <= MultipartForm.maxPartHeaderBytes else {
                fail(.badRequest(field: nil, message: "A part of the form has too long a header."))
                return
            }
            headers.append((name, value))
        }

        func body(_ buffer: inout ByteBuffer) {
            if part == nil { part = startPart() }
            switch part {
            case .text(let name, var bytes):
                guard bytes.count + buffer.readableBytes <= MultipartForm.maxTextFieldBytes else {
                    fail(.badRequest(field: name, message: "\(name) is too long."))
                    return
                }
                part = nil  // keep `bytes` uniquely referenced while appending
                bytes += buffer.readableBytesView
                part = .text(name: name, bytes: bytes)
            case .file(let name, _, let writer):
                fileBytes += buffer.readableBytes
                do {
                    try buffer.withUnsafeReadableBytes { try writer.write($0) }
                } catch {
                    fail(.internal)
                    return
                }
                if writer.isTooLarge, let limit = store?.limits.maxFileBytes {
                    refuse(.tooLarge(field: name, message: "\(writer.fileName) is larger than \(AttachmentLimits.describe(limit))."))
                } else if let limit = store?.limits.maxMessageBytes, fileBytes > limit {
                    refuse(.tooLarge(
                        field: name,
                        message: "\(writer.fileName): the files of one message may not exceed \(AttachmentLimits.describe(limit)) together."
                    ))
                }
            case .skipped, nil:
                break
            }
        }

        func completePart() {
            if part == nil { part = startPart() }
            switch part {
            case .text(let name, let bytes):
                form.append(name, String(decoding: bytes, as: UTF8.self))
            case .file(let name, let namedByClient, let writer):
                do {
                    let staged = try writer.finish()
                    if staged.size == 0 {
                        store?.discard([staged])
                        // An empty file input sends a part with no file name and no content: nothing was chosen.
                        if namedByClient { refuse(.invalidInput(field: name, message: "\(staged.fileName) is empty.")) }
                    } else if uploads.problem == nil, !namedByClient, let store, files + 1 > store.limits.maxFiles {
                        // A part without a file name but with content counts as a file too (only an empty one is an
                        // unused file input), else one request could store thousands of them.
                        store.discard([staged])
                        refuse(.invalidInput(field: name, message: "Attach at most \(store.limits.maxFiles) files to one message."))
                    } else if uploads.problem == nil {
                        if !namedByClient { files += 1 }
                        uploads.files.append(staged)
                    } else {
                        store?.discard([staged])
                    }
                } catch {
                    writer.abandon()
                    fail(.internal)
                }
            case .skipped, nil:
                break
            }
            part = nil
            headers = []
            headerBytes = 0
        }

        /// Decides what the part whose headers were just read is.
        private func startPart() -> Part {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }.map { Self.parameters($0.1) } ?? [:]
            guard let name = disposition["name"], !name.isEmpty else { return .skipped(name: nil) }
            guard name.utf8.count <= MultipartForm.maxFieldNameBytes else {
                fail(.badRequest(field: nil, message: "A field name of the form is too long."))
                return .skipped(name: nil)
            }
            guard let rawFileName = disposition["filename"] else {
                textFields += 1
                guard textFields <= MultipartForm.maxTextFields else {
                    fail(.badRequest(field: nil, message: "The form has too many fields."))
                    return .skipped(name: name)
                }
                return .text(name: name, bytes: [])
            }
            guard uploads.problem == nil else { return .skipped(name: name) }
            guard let store else {
                refuse(.invalidInput(field: name, message: "Files cannot be sent here."))
                return .skipped(name: name)
            }
            let namedByClient = !rawFileName.isEmpty
            if namedByClient {
                files += 1
                guard files <= store.limits.maxFiles else {
                    refuse(.invalidInput(field: name, message: "Attach at most \(store.limits.maxFiles) files to one message."))
                    return .skipped(name: name)
                }
            }
            do {
                return .file(name: name, namedByClient: namedByClient, writer: try store.receive(fileName: rawFileName))
            } catch {
                fail(.internal)
                return .skipped(name: name)
            }
        }

        /// Records the first reason to refuse the files; the files staged so far are dropped, and later ones skipped.
        func refuse(_ problem: HelpdeskError) {
            guard uploads.problem == nil else { return }
            uploads.problem = problem
            store?.discard(uploads.files)
            uploads.files = []
            if case .file(let name, _, let writer) = part {
                writer.abandon()
                part = .skipped(name: name)
            }
        }

        /// Records a refusal of the whole request.
        private func fail(_ error: ServerError) {
            if failure == nil { failure = error }
        }

        /// Checks that the body ended after a complete part.
        func finish() throws {
            if let failure { throw failure }
            if part != nil || !headers.isEmpty {
                throw ServerError.badRequest(field: nil, message: "The multipart body ends in the middle of a part.")
            }
        }

        /// Deletes every staged file (the request failed).
        func abandonAll() {
            if case .file(_, _, let writer) = part { writer.abandon() }
            part = nil
            store?.discard(uploads.files)
            uploads.files = []
        }

        /// The parameters of a `Content-Disposition` value (`form-data; name="x"; filename="y.png"`); `filename*`
        /// (RFC 5987, UTF-8) wins over `filename`. As browsers write them (WHATWG HTML): a backslash is itself, not an
        /// escape, and `%22` in a name is a quotation mark.
        static func parameters(_ value: String) -> [String: String] {
            var result: [String: String] = [:]
            var scalars = Substring(value)
            // Skip the disposition type.
            guard let first = scalars.firstIndex(of: ";") else { return result }
            scalars = scalars[scalars.index(after: first)...]
            while !scalars.isEmpty {
                scalars = scalars.drop { $0 == " " || $0 == "\t" || $0 == ";" }
                guard let equals = scalars.firstIndex(of: "=") else { break }
                let key = scalars[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                scalars = scalars[scalars.index(after: equals)...].drop { $0 == " " }
                var parsed = ""
                if scalars.first == "\"" {
                    scalars = scalars.dropFirst()
                    let end = scalars.firstIndex(of: "\"") ?? scalars.endIndex
                    parsed = String(scalars[..<end]).replacingOccurrences(of: "%22", with: "\"")
                    scalars = end == scalars.endIndex ? scalars[end...] : scalars[scalars.index(after: end)...]
                } else {
                    let end = scalars.firstIndex(of: ";") ?? scalars.endIndex
                    parsed = scalars[..<end].trimmingCharacters(in: .whitespaces)
                    scalars = scalars[end...]
                }
                if key == "filename*" {
                    let pieces = parsed.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3, pieces[0].lowercased() == "utf-8", let decoded = pieces[2].removingPercentEncoding {
                        result["filename"] = decoded
                        result["filename*"] = decoded
                    }
                } else if result[key] == nil || (key == "filename" && result["filename*"] == nil) {
                    result[key] = parsed
                }
            }
            return result
        }
    }
}

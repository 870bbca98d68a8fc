import Foundation
import Hummingbird

/// A CSV download (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF
/// (quotes doubled), UTF-8, sent as an attachment.
struct CSV: ResponseGenerator {
    /// The file name offered to the browser.
    var filename: String
    /// Column names.
    var header: [String]
    /// The rows, one string per column.
    var rows: [[String]]

    /// One field, quoted when needed.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The document text.
    var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8; header=present",
                .contentDisposition: "attachment; filename=\"\(filename)\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}

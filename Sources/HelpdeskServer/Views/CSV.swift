import Foundation
import Hummingbird

/// A CSV download (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a comma, a quote, CR or LF
/// (quotes doubled), UTF-8, sent as an attachment.
///
/// Cells that a spreadsheet would run as a formula (OWASP "CSV injection": a first character `=`, `+`, `-`, `@`, tab
/// or carriage return) are neutralised with a leading `'`, so that a ticket subject such as
/// `=HYPERLINK("http://x","y")` opens as text. Every cell is treated so, numbers included: the report's own figures
/// are counts and durations, which never start with a sign, so none of them changes.
struct CSV: ResponseGenerator {
    /// The file name offered to the browser.
    var filename: String
    /// Column names.
    var header: [String]
    /// The rows, one string per column.
    var rows: [[String]]

    /// The first characters that make a spreadsheet read a cell as a formula: `=`, `+`, `-`, `@`, tab, CR.
    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// One field: neutralised when it would start a formula, then quoted when needed.
    static func field(_ cell: String) -> String {
        var text = cell
        if let first = text.utf8.first, formulaStarts.contains(first) { text = "'" + text }
        // Bytes, not Characters: a CRLF pair is one Character, equal to neither "\r" nor "\n".
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return text }
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

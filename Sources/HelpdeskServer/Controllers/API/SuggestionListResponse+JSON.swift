import Foundation
import Hummingbird

extension SuggestionListResponse {
    /// The response: the JSON `APIJSON.encoder` writes for this value (sorted keys, ISO-8601 dates, `/` escaped),
    /// written straight into the body's buffer.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        var json = JSONBytes()
        json.write(self)
        var buffer = ByteBuffer()
        buffer.writeBytes(json.bytes)
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }
}

/// A JSON writer for the suggestion response, matching Foundation's `JSONEncoder` output byte for byte (checked by
/// `SuggestionJSONTests`): keys in sorted order, doubles as their shortest description without a trailing `.0`,
/// strings with `"`, `\`, `/` and control characters escaped.
struct JSONBytes {
    /// The JSON written so far.
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(4096)
    }

    /// Writes the suggestion list.
    mutating func write(_ list: SuggestionListResponse) {
        raw("{\"suggestions\":[")
        for (i, suggestion) in list.suggestions.enumerated() {
            if i > 0 { raw(",") }
            write(suggestion)
        }
        raw("]}")
    }

    private mutating func write(_ suggestion: SuggestionResponse) {
        raw("{\"highlights\":{\"snippet\":")
        write(suggestion.highlights.snippet)
        raw(",\"title\":")
        write(suggestion.highlights.title)
        raw("},\"match\":")
        string(suggestion.match.rawValue)
        raw(",\"score\":")
        number(suggestion.score)
        raw(",\"solution\":")
        write(suggestion.solution)
        raw(",\"strength\":")
        number(suggestion.strength)
        raw("}")
    }

    private mutating func write(_ segments: [HighlightSegment]) {
        raw("[")
        for (i, segment) in segments.enumerated() {
            if i > 0 { raw(",") }
            raw(segment.match ? "{\"match\":true,\"text\":" : "{\"match\":false,\"text\":")
            string(segment.text)
            raw("}")
        }
        raw("]")
    }

    private mutating func write(_ solution: SolutionResponse) {
        raw("{\"categoryId\":")
        if let category = solution.categoryId { string(category) } else { raw("null") }
        raw(",\"id\":")
        raw(String(solution.id))
        raw(solution.isCurrent ? ",\"isCurrent\":true" : ",\"isCurrent\":false")
        raw(solution.isPublished ? ",\"isPublished\":true" : ",\"isPublished\":false")
        raw(",\"notSolvedCount\":")
        raw(String(solution.notSolvedCount))
        raw(",\"reuseCount\":")
        raw(String(solution.reuseCount))
        raw(",\"solvedCount\":")
        raw(String(solution.solvedCount))
        raw(",\"steps\":[")
        for (i, step) in solution.steps.enumerated() {
            if i > 0 { raw(",") }
            string(step)
        }
        raw("],\"title\":")
        string(solution.title)
        raw(",\"updatedAt\":")
        date(solution.updatedAt)
        raw("}")
    }

    /// A finite double as `JSONEncoder` writes it (its description, without a trailing `.0`).
    private mutating func number(_ value: Double) {
        guard value.isFinite else {
            raw("0")  // scores are finite; JSONEncoder would throw instead
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        raw(text)
    }

    private mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A date as the `.iso8601` strategy writes it: UTC, whole seconds (`2025-11-12T09:38:16Z`).
    private mutating func date(_ date: Date) {
        var seconds = time_t((date.timeIntervalSince1970).rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ count: Int) {
            var text = String(value)
            if text.count < count { text = String(repeating: "0", count: count - text.count) + text }
            raw(text)
        }
        raw("\"")
        digits(parts.tm_year + 1900, 4)
        raw("-")
        digits(parts.tm_mon + 1, 2)
        raw("-")
        digits(parts.tm_mday, 2)
        raw("T")
        digits(parts.tm_hour, 2)
        raw(":")
        digits(parts.tm_min, 2)
        raw(":")
        digits(parts.tm_sec, 2)
        raw("Z\"")
    }

    /// A JSON string: `"`, `\` and `/` escaped, control characters as `\b`, `\f`, `\n`, `\r`, `\t` or `\u00XX`.
    /// Reads the string's UTF-8 in place and copies the runs between escapes whole (most text has none).
    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var run = 0
            for i in 0..<utf8.count {
                let byte = utf8[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/")
                else { continue }
                if run < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i])) }
                escape(byte)
                run = i + 1
            }
            if run < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// One byte that needs an escape, escaped.
    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case UInt8(ascii: "/"): raw("\\/")
        case 0x08: raw("\\b")
        case 0x0C: raw("\\f")
        case 0x0A: raw("\\n")
        case 0x0D: raw("\\r")
        case 0x09: raw("\\t")
        default:
            raw("\\u00")
            bytes.append(Self.hex[Int(byte >> 4)])
            bytes.append(Self.hex[Int(byte & 0xF)])
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)
}

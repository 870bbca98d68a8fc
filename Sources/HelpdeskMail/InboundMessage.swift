import Foundation

/// An e-mail received by the helpdesk, reduced to what a reply by mail needs.
public struct InboundMessage: Sendable, Hashable {
    /// The `From` address (the addr-spec only, lowercased), or nil when none parses.
    public var from: String?
    /// The addresses in `To`, `Cc`, `Delivered-To`, `X-Original-To` and `Envelope-To`, lowercased, in that order,
    /// each once.
    public var recipients: [String]
    /// The subject, unfolded, with RFC 2047 encoded words decoded.
    public var subject: String
    /// The `Message-ID` without angle brackets.
    public var messageID: String?
    /// Whether a machine sent the mail (an auto-reply, a bounce or list mail); such mail must not be answered.
    public var isAutomatic: Bool
    /// The body as plain text: the first `text/plain` part, else the first `text/html` part as text. Lines end in
    /// `"\n"`.
    public var text: String
    /// The files the mail carries (parts sent as attachments, and named or non-text inline parts such as pasted
    /// images), decoded, in order; empty ones are left out.
    public var attachments: [InboundAttachment] = []

    /// The largest raw message accepted, in bytes.
    public static let maximumBytes = 10 * 1024 * 1024
    /// The deepest nesting of multiparts followed.
    static let maximumDepth = 8
    /// Header lines after this many are ignored.
    static let maximumHeaderLines = 1000
    /// MIME parts after this many are ignored.
    static let maximumParts = 100
    /// Recipients after this many are ignored.
    static let maximumRecipients = 100
    /// Bytes of a text part read for the body (the new text of an answer is near its top; `ReplyText` reads 256 KiB).
    static let maximumTextBytes = 1024 * 1024
    /// Inline images the HTML refers to below this size (decoded) are taken for a signature's logos and left out.
    static let inlineLogoBytes = 16 * 1024

    /// Parses a raw message (RFC 5322 and MIME), with CRLF or bare LF line endings.
    /// - Parameter headersOnly: read the headers alone (sender, recipients, Message-ID, whether a machine sent it),
    ///   leaving `text` empty and `attachments` none: what decides whether the body is worth decoding.
    /// - Throws: `InboundMessageError` when the message is too large, has no headers or nests too deep.
    /// - Complexity: O(n × d) in the size of `raw` and the MIME depth d (at most 8).
    public static func parse(_ raw: [UInt8], headersOnly: Bool = false) throws(InboundMessageError) -> InboundMessage {
        guard raw.count <= maximumBytes else { throw .tooLarge(bytes: raw.count) }
        guard let (fields, body) = splitHeaders(raw[...]), !fields.isEmpty else { throw .noHeaders }
        func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        var found = BodyText()
        var budget = maximumParts
        if !headersOnly { try walk(fields, body, depth: 0, budget: &budget, into: &found) }

        var recipients: [String] = []
        var seen = Set<String>()
        for name in ["to", "cc", "delivered-to", "x-original-to", "envelope-to"] {
            for field in fields where field.name == name {
                for address in addresses(in: field.value) where recipients.count < maximumRecipients && seen.insert(address).inserted {
                    recipients.append(address)
                }
            }
        }
        var messageID = value("message-id")?.trimmingCharacters(in: .whitespaces)
        if let id = messageID, let open = id.firstIndex(of: "<") {
            let rest = id[id.index(after: open)...]
            messageID = String(rest[..<(rest.firstIndex(of: ">") ?? rest.endIndex)])
        }
        if let id = messageID, id.isEmpty || id.contains(where: \.isWhitespace) { messageID = nil }

        func firstWord(_ name: String) -> String? {  // `auto-replied` in `Auto-Submitted: auto-replied; x=y`.
            value(name).map { String($0.lowercased().split(whereSeparator: { " \t;(".contains($0) }).first ?? "") }
        }
        let automaticHeaders: Set = ["x-autoreply", "x-autorespond", "x-autoresponder", "x-mail-autoreply"]
        let isAutomatic =
            firstWord("auto-submitted").map { $0 != "no" } ?? false
            || ["bulk", "junk", "list", "auto_reply"].contains(firstWord("precedence") ?? "")
            || fields.contains { automaticHeaders.contains($0.name) }
            || fields.contains { $0.name == "return-path" && $0.value.filter { !$0.isWhitespace } == "<>" }
            || ContentType(value("content-type")).type == "multipart/report"

        return InboundMessage(
            from: sender(fields),
            recipients: recipients,
            subject: decodingEncodedWords(value("subject") ?? "").trimmingCharacters(in: .whitespaces),
            messageID: messageID,
            isAutomatic: isAutomatic,
            text: found.plain ?? found.html.map(htmlToText) ?? "",
            attachments: found.files
        )
    }
}

/// A file carried by an inbound mail.
public struct InboundAttachment: Sendable, Hashable {
    /// The name the sender gave it (RFC 2047 words decoded), or `attachment-<n>.<subtype>` for an unnamed one.
    public var fileName: String
    /// The declared media type (the stored type is sniffed from the bytes, as for uploads).
    public var contentType: String
    /// The decoded content.
    public var bytes: [UInt8]
}

/// Why an inbound message was refused.
public enum InboundMessageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message is larger than `InboundMessage.maximumBytes`.
    case tooLarge(bytes: Int)
    /// The message has no header lines, or no empty line between headers and body.
    case noHeaders
    /// Multiparts nest deeper than the parser follows.
    case tooDeep

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case .tooLarge(let bytes): "the message has \(bytes) bytes, more than \(InboundMessage.maximumBytes)"
        case .noHeaders: "the message has no headers followed by an empty line"
        case .tooDeep: "the message nests MIME parts more than \(InboundMessage.maximumDepth) levels deep"
        }
    }
}

// MARK: - Headers and MIME structure

extension InboundMessage {
    /// One unfolded header field; the name is lowercased.
    struct HeaderField: Sendable, Hashable {
        var name: String
        var value: String
    }

    /// The text bodies found so far.
    private struct BodyText {
        var plain: String?
        var html: String?
        var files: [InboundAttachment] = []
    }

    /// A `Content-Type` value: the lowercased media type and the parameters (lowercased names).
    struct ContentType {
        var type = "text/plain"
        var parameters: [String: String] = [:]

        init(_ value: String?) {
            guard let value else { return }
            var segments: [String] = [""]
            var inQuotes = false
            for character in value {
                if character == "\"" { inQuotes.toggle() }
                if character == ";" && !inQuotes {
                    segments.append("")
                } else {
                    segments[segments.count - 1].append(character)
                }
            }
            let media = segments[0].trimmingCharacters(in: .whitespaces).lowercased()
            if media.contains("/") { type = media }
            for segment in segments.dropFirst() {
                guard let equals = segment.firstIndex(of: "=") else { continue }
                var name = segment[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                var text = segment[segment.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
                    text = String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\", with: "")
                }
                if name.hasSuffix("*") {  // RFC 2231 `charset*=utf-8''…`: keep the value after the language.
                    name.removeLast()
                    if let quote = text.lastIndex(of: "'") { text = String(text[text.index(after: quote)...]) }
                }
                parameters[name] = parameters[name] ?? text
            }
        }
    }

    /// Splits `bytes` at the first empty line into unfolded header fields and the body; nil when there is no empty
    /// line. Lines without a colon are skipped, and lines after the first 1000 are ignored.
    static func splitHeaders(_ bytes: ArraySlice<UInt8>) -> (fields: [HeaderField], body: ArraySlice<UInt8>)? {
        var fields: [HeaderField] = []
        var lineCount = 0
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let newline = bytes[start...].firstIndex(of: 10) ?? bytes.endIndex
            let next = newline < bytes.endIndex ? newline + 1 : newline
            var end = newline
            if end > start, bytes[end - 1] == 13 { end -= 1 }
            let line = bytes[start..<end]
            if line.isEmpty { return (fields, bytes[next...]) }
            lineCount += 1
            if lineCount <= maximumHeaderLines {
                if line.first == 32 || line.first == 9 {
                    if let last = fields.indices.last, fields[last].value.utf8.count < maximumHeaderBytes {
                        fields[last].value += headerText(line)
                    }
                } else if let colon = line.firstIndex(of: 58) {
                    let name = headerText(line[..<colon]).trimmingCharacters(in: .whitespaces).lowercased()
                    fields.append(HeaderField(name: name, value: headerText(line[(colon + 1)...])))
                }
            }
            start = next
        }
        return nil
    }

    /// Longest header value kept (a longer one is cut): addresses, a subject and MIME parameters fit many times over.
    static let maximumHeaderBytes = 64 * 1024

    /// Header bytes as text, at most `maximumHeaderBytes` of them: UTF-8 when valid (RFC 6532), else Windows-1252.
    private static func headerText(_ bytes: ArraySlice<UInt8>) -> String {
        let bytes = bytes.prefix(maximumHeaderBytes)
        return String(validating: bytes, as: UTF8.self) ?? decode(bytes, charset: "windows-1252")
    }

    /// Walks the MIME tree depth-first and records the first `text/plain` and the first `text/html` part that are not
    /// attachments, and every file. Stops when the part budget is spent.
    private static func walk(
        _ fields: [HeaderField], _ body: ArraySlice<UInt8>, depth: Int, budget: inout Int, into found: inout BodyText
    ) throws(InboundMessageError) {
        guard budget > 0 else { return }
        budget -= 1
        func value(_ name: String) -> String? { fields.first { $0.name == name }?.value.lowercased() }
        let contentType = ContentType(fields.first { $0.name == "content-type" }?.value)
        if contentType.type.hasPrefix("multipart/") {
            guard depth < maximumDepth else { throw .tooDeep }
            guard let boundary = contentType.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200
            else { return }
            for part in multipartBodies(body, boundary: boundary, limit: budget) {
                let (partFields, partBody) = splitHeaders(part) ?? ([], part)
                try walk(partFields, partBody, depth: depth + 1, budget: &budget, into: &found)
                if budget <= 0 { return }
            }
            return
        }
        func decoded() -> [UInt8] {
            switch value("content-transfer-encoding")?.trimmingCharacters(in: .whitespaces) ?? "7bit" {
            case "base64": base64(body)
            case "quoted-printable": quotedPrintable(body)
            default: Array(body)
            }
        }
        let disposition = fields.first { $0.name == "content-disposition" }?.value
        let isAttachment = disposition?.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("attachment") == true
        let fileName = ContentType(disposition).parameters["filename"]
        let named = (fileName ?? contentType.parameters["name"])
            .map { decodingEncodedWords($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        let isText = contentType.type == "text/plain" || contentType.type == "text/html"
        // A signed mail's signature is not a file its sender attached.
        if ["application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature"].contains(contentType.type) {
            return
        }
        // A small inline image the HTML refers to (`cid:`) is a signature's logo, not a file the sender chose.
        if !isAttachment, fields.contains(where: { $0.name == "content-id" }), body.count < Self.inlineLogoBytes * 4 / 3 + 64 {
            return
        }
        // A text part is the body unless it is sent as a file (a disposition with a file name: a log attached inline).
        if isAttachment || (named != nil && !isText) || (isText && fileName != nil) || contentType.type.hasPrefix("image/")
            || contentType.type.hasPrefix("application/") || contentType.type.hasPrefix("audio/")
            || contentType.type.hasPrefix("video/")
        {
            // A file: a part sent as one, a named non-text part, or a pasted image without a name.
            let bytes = decoded()
            guard !bytes.isEmpty else { return }
            let fallback = "attachment-\(found.files.count + 1)" + (contentType.type.split(separator: "/").last.map { "." + $0 } ?? "")
            found.files.append(InboundAttachment(fileName: named ?? fallback, contentType: contentType.type, bytes: bytes))
            return
        }
        let isPlain = contentType.type == "text/plain"
        guard (isPlain && found.plain == nil) || (contentType.type == "text/html" && found.html == nil) else { return }
        let text = decode(
            normalizingNewlines(Array(decoded().prefix(maximumTextBytes))), charset: contentType.parameters["charset"] ?? "us-ascii")
        if isPlain { found.plain = text } else { found.html = text }
    }

    /// The bodies of a multipart, between `--boundary` lines, at most `limit` of them. A missing closing delimiter
    /// ends the last part at the end of the input.
    static func multipartBodies(_ body: ArraySlice<UInt8>, boundary: String, limit: Int) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var search = body.startIndex
        // Only a line starting with "-" can be a delimiter: jump from dash to dash, one pass over the body whatever its
        // lines (ten million empty lines cost no more than one).
        while parts.count < limit, let start = body[search...].firstIndex(of: 45) {
            search = start + 1
            guard start == body.startIndex || body[start - 1] == 10, body[start...].starts(with: delimiter) else { continue }
            let newline = body[start...].firstIndex(of: 10) ?? body.endIndex
            let next = newline < body.endIndex ? newline + 1 : newline
            let rest = body[min(start + delimiter.count, newline)..<newline]
            let isClose = rest.starts(with: [45, 45])
            guard isClose || rest.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) else { continue }
            if let partStart {
                var end = start  // The line break before a delimiter belongs to the delimiter.
                if end > partStart, body[end - 1] == 10 { end -= 1 }
                if end > partStart, body[end - 1] == 13 { end -= 1 }
                parts.append(body[partStart..<end])
            }
            if isClose { return parts }
            partStart = next
            search = next
            if next >= body.endIndex { break }
        }
        if let partStart, partStart < body.endIndex, parts.count < limit { parts.append(body[partStart...]) }
        return parts
    }
}

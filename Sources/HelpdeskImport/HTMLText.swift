import Foundation

/// Turns the HTML of Stack Exchange posts (and similar exports) into plain text: entities decoded, paragraphs and
/// other blocks separated by blank lines, `<pre>` blocks kept line for line and indented by four spaces, list items
/// as `- item` (or `1. item`) lines, `<br>` as a line break, the text of links and inline tags kept, other tags
/// dropped, runs of white space outside `<pre>` collapsed.
public enum HTMLText {
    /// The text blocks of `html` (paragraphs, lists, code blocks, headings), in order, none empty.
    /// - Complexity: O(n) in the length of `html`.
    public static func blocks(ofHTML html: String) -> [String] {
        var converter = Converter(Array(html.utf8))
        converter.run()
        return converter.blocks
    }

    /// The plain text of `html`: its blocks separated by blank lines.
    public static func text(ofHTML html: String) -> String {
        blocks(ofHTML: html).joined(separator: "\n\n")
    }

    /// The paragraphs of plain text: runs of lines separated by blank lines.
    public static func paragraphs(ofPlainText text: String) -> [String] {
        var result: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { result.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }

    /// Decodes character references (`&amp;`, `&#39;`, `&#x2014;` and the common named ones) in `text`.
    public static func decodeEntities(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 38, let (scalar, length) = entity(bytes, at: i) {
                out.append(contentsOf: String(Character(scalar)).utf8)
                i += length
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let named: [String: UInt32] = [
        "amp": 38, "lt": 60, "gt": 62, "quot": 34, "apos": 39, "nbsp": 160, "hellip": 0x2026, "mdash": 0x2014,
        "ndash": 0x2013, "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D, "copy": 169, "reg": 174,
        "trade": 0x2122, "euro": 0x20AC, "pound": 163, "times": 215, "divide": 247, "deg": 176, "middot": 183,
        "bull": 0x2022, "laquo": 171, "raquo": 187, "rarr": 0x2192, "larr": 0x2190, "eacute": 233, "egrave": 232,
        "aacute": 225, "agrave": 224, "ouml": 246, "uuml": 252, "auml": 228, "szlig": 223, "ccedil": 231,
        "ntilde": 241, "iexcl": 161, "iquest": 191, "para": 182, "sect": 167, "plusmn": 177, "micro": 181,
        "shy": 173, "zwj": 0x200D, "zwnj": 0x200C, "thinsp": 0x2009, "ensp": 0x2002, "emsp": 0x2003,
    ]

    /// The scalar of the character reference starting at `start` (an `&`) and its length, or nil if there is none.
    static func entity(_ bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        var i = start + 1
        guard i < bytes.count else { return nil }
        var value: UInt32?
        if bytes[i] == 35 {  // #
            i += 1
            let hex = i < bytes.count && (bytes[i] == 120 || bytes[i] == 88)
            if hex { i += 1 }
            var number: UInt32 = 0
            let digitsStart = i
            while i < bytes.count, i - digitsStart < 8 {
                let c = bytes[i]
                let digit: UInt32? =
                    switch c {
                    case 48...57: UInt32(c - 48)
                    case 97...102 where hex: UInt32(c - 87)
                    case 65...70 where hex: UInt32(c - 55)
                    default: nil
                    }
                guard let digit else { break }
                number = number * (hex ? 16 : 10) + digit
                i += 1
            }
            guard i > digitsStart else { return nil }
            value = number
        } else {
            let nameStart = i
            while i < bytes.count, i - nameStart < 10,
                (bytes[i] >= 97 && bytes[i] <= 122) || (bytes[i] >= 65 && bytes[i] <= 90) || (bytes[i] >= 48 && bytes[i] <= 57)
            {
                i += 1
            }
            guard i > nameStart else { return nil }
            value = named[String(decoding: bytes[nameStart..<i], as: UTF8.self)]
        }
        guard let value else { return nil }
        if i < bytes.count && bytes[i] == 59 { i += 1 }  // ;
        let scalar = Unicode.Scalar(value == 0 ? 0xFFFD : value) ?? "\u{FFFD}"
        return (scalar, i - start)
    }

    private struct Converter {
        let bytes: [UInt8]
        var blocks: [String] = []
        var current: [UInt8] = []
        var pre: [UInt8] = []
        var preDepth = 0
        var pendingSpace = false
        var lists: [(ordered: Bool, counter: Int)] = []
        var quoteDepth = 0
        var skipUntil: String?

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        static let blockTags: Set<String> = [
            "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "hr", "section", "article", "dl", "dt", "dd",
            "header", "footer", "figure", "details", "summary",
        ]

        mutating func flush() {
            var text = String(decoding: current, as: UTF8.self)
            current.removeAll(keepingCapacity: true)
            pendingSpace = false
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingTrailingSpaces() }.joined(separator: "\n")
            while text.hasPrefix("\n") || text.hasPrefix(" ") { text.removeFirst() }
            while text.hasSuffix("\n") { text.removeLast() }
            guard !text.isEmpty else { return }
            if quoteDepth > 0 {
                text = text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
            }
            blocks.append(text)
        }

        mutating func appendText(_ byte: UInt8) {
            if preDepth > 0 {
                pre.append(byte)
                return
            }
            if byte == 32 || byte == 10 || byte == 9 || byte == 13 {
                if !current.isEmpty && current.last != 10 { pendingSpace = true }
                return
            }
            if pendingSpace {
                current.append(32)
                pendingSpace = false
            }
            current.append(byte)
        }

        mutating func appendScalar(_ scalar: Unicode.Scalar) {
            if scalar.value == 160 {  // nbsp counts as a space outside <pre>
                if preDepth > 0 { pre.append(contentsOf: " ".utf8) } else { appendText(32) }
                return
            }
            for byte in String(Character(scalar)).utf8 { appendText(byte) }
        }

        mutating func lineBreak() {
            if preDepth > 0 {
                pre.append(10)
            } else {
                current.append(10)
                pendingSpace = false
            }
        }

        mutating func endPre() {
            var text = String(decoding: pre, as: UTF8.self)
            pre.removeAll()
            while text.hasPrefix("\n") { text.removeFirst() }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingTrailingSpaces() }
            var end = lines.count
            while end > 0 && lines[end - 1].isEmpty { end -= 1 }
            guard end > 0 else { return }
            current = Array(lines[..<end].map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n").utf8)
            let savedQuote = quoteDepth
            flushVerbatim()
            quoteDepth = savedQuote
        }

        mutating func flushVerbatim() {
            var text = String(decoding: current, as: UTF8.self)
            current.removeAll(keepingCapacity: true)
            pendingSpace = false
            if quoteDepth > 0 {
                text = text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
            }
            if !text.isEmpty { blocks.append(text) }
        }

        /// Parses the tag at `i` (a `<`); returns the index after it, or nil when it is not a tag (a lone `<`).
        mutating func tag(at start: Int) -> Int? {
            var i = start + 1
            guard i < bytes.count else { return nil }
            if bytes[i] == 33 {  // <!-- … --> or <!DOCTYPE …>
                if i + 2 < bytes.count && bytes[i + 1] == 45 && bytes[i + 2] == 45 {
                    var j = i + 3
                    while j + 2 < bytes.count && !(bytes[j] == 45 && bytes[j + 1] == 45 && bytes[j + 2] == 62) { j += 1 }
                    return min(j + 3, bytes.count)
                }
                while i < bytes.count && bytes[i] != 62 { i += 1 }
                return min(i + 1, bytes.count)
            }
            let closing = bytes[i] == 47
            if closing { i += 1 }
            let nameStart = i
            while i < bytes.count,
                (bytes[i] >= 97 && bytes[i] <= 122) || (bytes[i] >= 65 && bytes[i] <= 90) || (bytes[i] >= 48 && bytes[i] <= 57)
            {
                i += 1
            }
            guard i > nameStart else { return nil }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
            let attributesStart = i
            var quote: UInt8 = 0
            while i < bytes.count {
                let c = bytes[i]
                if quote != 0 {
                    if c == quote { quote = 0 }
                } else if c == 34 || c == 39 {
                    quote = c
                } else if c == 62 {
                    break
                }
                i += 1
            }
            let attributes = bytes[attributesStart..<min(i, bytes.count)]
            handle(name, closing: closing, attributes: attributes)
            return min(i + 1, bytes.count)
        }

        mutating func handle(_ name: String, closing: Bool, attributes: ArraySlice<UInt8>) {
            if let skip = skipUntil {
                if closing && name == skip { skipUntil = nil }
                return
            }
            switch name {
            case "script", "style":
                if !closing { skipUntil = name }
            case "pre":
                if closing {
                    if preDepth > 0 {
                        preDepth -= 1
                        if preDepth == 0 { endPre() }
                    }
                } else {
                    if preDepth == 0 { flush() }
                    preDepth += 1
                }
            case "br":
                lineBreak()
            case "ul", "ol":
                if closing {
                    if !lists.isEmpty { lists.removeLast() }
                    if lists.isEmpty { flush() }
                } else {
                    if lists.isEmpty { flush() }
                    lists.append((name == "ol", 0))
                }
            case "li":
                guard !closing, preDepth == 0 else { return }
                if !current.isEmpty { current.append(10) }
                pendingSpace = false
                let depth = max(lists.count, 1)
                current.append(contentsOf: Array(repeating: UInt8(32), count: (depth - 1) * 2))
                if var list = lists.last, list.ordered {
                    list.counter += 1
                    lists[lists.count - 1] = list
                    current.append(contentsOf: "\(list.counter). ".utf8)
                } else {
                    current.append(contentsOf: "- ".utf8)
                }
            case "blockquote":
                flush()
                quoteDepth = max(0, quoteDepth + (closing ? -1 : 1))
            case "img":
                if let alt = Self.attribute("alt", in: attributes), !alt.isEmpty {
                    for scalar in "[\(HTMLText.decodeEntities(alt))]".unicodeScalars { appendScalar(scalar) }
                }
            case "td", "th":
                if !closing { appendText(32) }
            default:
                if Self.blockTags.contains(name) {
                    if preDepth > 0 { return }
                    if lists.isEmpty { flush() } else { appendText(32) }
                }
            }
        }

        static func attribute(_ wanted: String, in attributes: ArraySlice<UInt8>) -> String? {
            let text = String(decoding: attributes, as: UTF8.self)
            guard let range = text.range(of: wanted + "=", options: .caseInsensitive) else { return nil }
            var rest = text[range.upperBound...]
            guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
            rest = rest.dropFirst()
            return String(rest.prefix { $0 != quote })
        }

        mutating func run() {
            var i = 0
            while i < bytes.count {
                let c = bytes[i]
                if c == 60, let next = tag(at: i) {
                    i = next
                    continue
                }
                if skipUntil != nil {
                    i += 1
                    continue
                }
                if c == 38, let (scalar, length) = HTMLText.entity(bytes, at: i) {
                    appendScalar(scalar)
                    i += length
                    continue
                }
                appendText(c)
                i += 1
            }
            if preDepth > 0 { endPre() }
            flush()
        }
    }
}

extension Substring {
    fileprivate func trimmingTrailingSpaces() -> String {
        var end = endIndex
        while end > startIndex, let c = self[index(before: end)].unicodeScalars.first, c == " " || c == "\t" || c == "\r" {
            end = index(before: end)
        }
        return String(self[startIndex..<end])
    }
}

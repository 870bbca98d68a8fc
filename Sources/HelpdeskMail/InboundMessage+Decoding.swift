import Foundation

// MARK: - Decoding

extension InboundMessage {
    /// Windows-1252 characters for bytes 0x80–0x9F; the rest of the code page is Latin-1.
    private static let windows1252: [UInt16] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// `bytes` in `charset`: ISO-8859-1 is read as its superset Windows-1252 (as browsers do); UTF-8, US-ASCII and
    /// unknown charsets as UTF-8, with U+FFFD for invalid bytes.
    static func decode(_ bytes: some Collection<UInt8>, charset: String) -> String {
        let latin = ["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252"]
        guard latin.contains(charset.trimmingCharacters(in: .whitespaces).lowercased()) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte >= 0x80 && byte < 0xA0 {
                scalars.append(Unicode.Scalar(windows1252[Int(byte - 0x80)]) ?? "\u{FFFD}")
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// Rewrites `\r\n` and lone `\r` as `\n`.
    static func normalizingNewlines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var previousWasCR = false
        for byte in bytes {
            if byte == 13 { out.append(10) } else if byte != 10 || !previousWasCR { out.append(byte) }
            previousWasCR = byte == 13
        }
        return out
    }

    /// The value of an ASCII hex digit.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }

    /// Decodes base64, skipping characters outside the alphabet (line breaks) and restarting after padding.
    static func base64(_ input: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in input {
            let value: UInt8
            switch byte {
            case 65...90: value = byte - 65
            case 97...122: value = byte - 71
            case 48...57: value = byte + 4
            case 43, 45: value = 62
            case 47, 95: value = 63
            case 61:
                bits = 0
                continue
            default: continue
            }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }

    /// Decodes quoted-printable (RFC 2045 §6.7): `=XX` escapes and `=` soft line breaks; a stray `=` is kept.
    static func quotedPrintable(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = input.startIndex
        while i < input.endIndex {
            let byte = input[i]
            guard byte == 61 else {
                out.append(byte)
                i += 1
                continue
            }
            var j = i + 1
            while j < input.endIndex, input[j] == 32 || input[j] == 9 { j += 1 }
            if j == input.endIndex || input[j] == 10 || input[j] == 13 {  // Soft line break.
                if j < input.endIndex, input[j] == 13 { j += 1 }
                if j < input.endIndex, input[j] == 10 { j += 1 }
                i = j
            } else if i + 2 < input.endIndex, let high = hexValue(input[i + 1]), let low = hexValue(input[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out
    }

    /// `text` with RFC 2047 encoded words (`=?charset?B|Q?…?=`) decoded; whitespace between two words is dropped, and
    /// adjacent words in one charset are joined before decoding so that a character split across them survives.
    static func decodingEncodedWords(_ text: String) -> String {
        let b = Array(text.utf8)
        var out: [UInt8] = []
        var pending: [UInt8] = []
        var pendingCharset = ""
        var whitespace: [UInt8] = []
        var afterWord = false
        func flush() {
            if !pending.isEmpty { out += decode(pending, charset: pendingCharset).utf8 }
            pending = []
        }
        var i = 0
        while i < b.count {
            if let word = encodedWord(b, at: i) {
                if word.charset != pendingCharset { flush() }
                pendingCharset = word.charset
                pending += word.bytes
                whitespace = []
                afterWord = true
                i = word.end
            } else if afterWord && (b[i] == 32 || b[i] == 9) {
                whitespace.append(b[i])
                i += 1
            } else {
                flush()
                out += whitespace
                out.append(b[i])
                whitespace = []
                afterWord = false
                i += 1
            }
        }
        flush()
        return String(decoding: out + whitespace, as: UTF8.self)
    }

    /// The encoded word starting at `i`, if there is one: its charset, decoded bytes and the index after it.
    private static func encodedWord(_ b: [UInt8], at i: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        guard i + 1 < b.count, b[i] == 61, b[i + 1] == 63 else { return nil }
        func scan(from start: Int) -> Int? {  // Index of the next "?", with no whitespace before it.
            var j = start
            while j < b.count, b[j] != 63 {
                if b[j] <= 32 { return nil }
                j += 1
            }
            return j < b.count ? j : nil
        }
        guard let charsetEnd = scan(from: i + 2), charsetEnd + 2 < b.count, b[charsetEnd + 2] == 63,
            let textEnd = scan(from: charsetEnd + 3), textEnd + 1 < b.count, b[textEnd + 1] == 61
        else { return nil }
        let charset = String(decoding: b[(i + 2)..<charsetEnd], as: UTF8.self).lowercased()
        let payload = b[(charsetEnd + 3)..<textEnd]
        let bytes: [UInt8]
        switch b[charsetEnd + 1] {
        case 66, 98: bytes = base64(payload)
        case 81, 113: bytes = quotedPrintable(ArraySlice(payload.map { $0 == 95 ? 32 : $0 }))
        default: return nil
        }
        return (String(charset.prefix { $0 != "*" }), bytes, textEnd + 2)
    }

    /// The one sender of a mail, or nil when it is not beyond doubt: exactly one `From` field naming exactly one
    /// mailbox, one `@` outside quotes (no address dressed as a display name), no source route, and an address in
    /// ASCII (so that no Unicode case folding, such as the Kelvin sign's into `k`, makes another customer's address of
    /// it: the mail system's checks saw the address as written).
    static func sender(_ fields: [HeaderField]) -> String? {
        let froms = fields.filter { $0.name == "from" }
        guard froms.count == 1, let value = froms.first?.value, value.utf8.count <= 998 else { return nil }
        var ats = 0
        var inQuotes = false
        for character in value {
            if character == "\"" { inQuotes.toggle() } else if character == "@", !inQuotes { ats += 1 }
        }
        let written: Substring
        if let open = value.lastIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
            written = value[value.index(after: open)..<close]
        } else {
            written = value[...]
        }
        let found = addresses(in: value)
        guard ats == 1, found.count == 1, !written.contains(":"), written.allSatisfy(\.isASCII)
        else { return nil }
        return found[0]
    }

    /// The addr-specs in an address-list header, lowercased: `Name <a@b>`, `"Doe, Jane" <a@b>`, bare `a@b` and
    /// groups; quoted strings and comments are skipped, so quoted local parts are not supported.
    static func addresses(in value: String) -> [String] {
        var result: [String] = []
        var bare = ""
        var angle: String?
        var inQuotes = false, inAngle = false, escaped = false
        var commentDepth = 0
        func finish() {
            let candidate =
                angle.map { String($0.split(separator: ":").last ?? "") }
                ?? String(bare.split(whereSeparator: \.isWhitespace).first { $0.contains("@") } ?? "")
            let address = candidate.filter { !$0.isWhitespace }.lowercased()
            if let at = address.lastIndex(of: "@"), at > address.startIndex,
                address.index(after: at) < address.endIndex,
                address.utf8.count <= 254, !address.contains(where: { "<>()[],;:\\\"".contains($0) })
            {
                result.append(address)
            }
            bare = ""
            angle = nil
        }
        for character in value {
            if escaped {
                escaped = false
            } else if character == "\\" && (inQuotes || commentDepth > 0) {
                escaped = true
            } else if inQuotes {
                if character == "\"" { inQuotes = false }
            } else if commentDepth > 0 {
                if character == "(" { commentDepth += 1 } else if character == ")" { commentDepth -= 1 }
            } else if inAngle {
                if character == ">" { inAngle = false } else { angle?.append(character) }
            } else {
                switch character {
                case "\"": inQuotes = true
                case "(": commentDepth = 1
                case "<": (inAngle, angle) = (true, "")
                case ",", ";": finish()
                case ":": bare = ""  // The name of a group.
                default: bare.append(character)
                }
            }
        }
        finish()
        return result
    }
}

// MARK: - HTML

extension InboundMessage {
    /// Entities decoded by name; numeric ones are decoded too. `&nbsp;` becomes a plain space.
    private static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "hellip": "…", "mdash": "—",
        "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "euro": "€", "copy": "©",
    ]

    /// HTML as plain text: tags removed, `<head>`, `<style>` and `<script>` dropped with their content, line breaks for
    /// `<br>` and the ends of blocks, entities decoded, runs of spaces and of blank lines collapsed.
    /// - Complexity: O(n) in the length of `html`.
    static func htmlToText(_ html: String) -> String {
        let b = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        func lower(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
        func isLetter(_ byte: UInt8) -> Bool { lower(byte) >= 97 && lower(byte) <= 122 }
        func find(_ pattern: String, from start: Int) -> Int? {  // Case-insensitive; `pattern` is lowercase.
            let p = Array(pattern.utf8)
            var i = start
            while i + p.count <= b.count {
                if lower(b[i]) == p[0] && zip(b[i..<(i + p.count)], p).allSatisfy({ lower($0) == $1 }) { return i }
                i += 1
            }
            return nil
        }
        let blockEnds: Set = ["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"]
        // Lines inside `<blockquote>` (how HTML mail quotes) start with "> ", as in plain text, so that the quote is
        // told from the answer.
        var quoteDepth = 0
        func newline() {
            out.append(10)
            for _ in 0..<min(quoteDepth, 8) { out += [62, 32] }
        }
        var i = 0
        while i < b.count {
            let byte = b[i]
            if byte == 60, i + 1 < b.count, isLetter(b[i + 1]) || b[i + 1] == 47 || b[i + 1] == 33 {
                if b[(i + 1)...].starts(with: "!--".utf8) {
                    i = find("-->", from: i + 4).map { $0 + 3 } ?? b.count
                    continue
                }
                guard let close = b[i...].firstIndex(of: 62) else { break }
                let isClosing = b[i + 1] == 47
                let nameBytes = b[(i + 1)..<close].drop { $0 == 47 }.prefix { isLetter($0) || ($0 >= 48 && $0 <= 57) }
                let name = String(decoding: nameBytes.map(lower), as: UTF8.self)
                i = close + 1
                if !isClosing && ["head", "style", "script"].contains(name) {
                    i = find("</" + name, from: i).flatMap { b[$0...].firstIndex(of: 62) }.map { $0 + 1 } ?? b.count
                } else if name == "blockquote" {
                    quoteDepth = isClosing ? max(quoteDepth - 1, 0) : quoteDepth + 1
                    newline()
                } else if name == "br" || (isClosing && blockEnds.contains(name)) {
                    newline()
                }
            } else if byte == 38, let semicolon = b[i..<min(i + 12, b.count)].firstIndex(of: 59),
                let decoded = entity(String(decoding: b[(i + 1)..<semicolon], as: UTF8.self))
            {
                out += decoded.utf8
                i = semicolon + 1
            } else {
                out.append(byte == 9 || byte == 10 || byte == 13 ? 32 : byte)
                i += 1
            }
        }
        var lines: [String] = []
        for line in String(decoding: out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" }).joined(separator: " ")
            if !words.isEmpty || lines.last?.isEmpty == false { lines.append(words) }
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The text of an entity name such as `amp`, `#39` or `#x20AC`; nil when it is not one.
    private static func entity(_ name: String) -> String? {
        guard name.hasPrefix("#") else { return entities[name] }
        let isHex = name.dropFirst().first == "x" || name.dropFirst().first == "X"
        let digits = name.dropFirst(isHex ? 2 : 1)
        guard !digits.isEmpty, digits.count <= 7, let code = UInt32(digits, radix: isHex ? 16 : 10) else { return nil }
        return String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}")
    }
}

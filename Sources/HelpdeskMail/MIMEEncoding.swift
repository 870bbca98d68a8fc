import Foundation

/// The MIME encodings the mail module writes: quoted-printable and base64 bodies (RFC 2045), RFC 2047 encoded
/// words for headers, and the CRLF line-ending rules of RFC 5321/5322.
public enum MIMEEncoding {
    /// Longest encoded line written in a body: RFC 2045 asks for at most 76 characters, well under the 998 limit.
    static let maxEncodedLineLength = 76
    /// Longest RFC 2047 encoded word (`=?UTF-8?B?…?=`).
    static let maxEncodedWordLength = 75

    // MARK: - Line endings

    /// Rewrites every line ending (`\r\n`, lone `\n`, lone `\r`) as `\r\n`.
    /// - Complexity: O(n) in the length of `text`.
    public static func normalizingLineEndings(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count + 64)
        var previousWasCR = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\r"):
                out.append(UInt8(ascii: "\r"))
                out.append(UInt8(ascii: "\n"))
                previousWasCR = true
            case UInt8(ascii: "\n"):
                if !previousWasCR {
                    out.append(UInt8(ascii: "\r"))
                    out.append(UInt8(ascii: "\n"))
                }
                previousWasCR = false
            default:
                out.append(byte)
                previousWasCR = false
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The lines of `text`, split on any line ending, without the endings.
    static func lines(_ text: String) -> [Substring] {
        normalizingLineEndings(text).split(separator: "\r\n", omittingEmptySubsequences: false)
    }

    /// Prepares a message for SMTP `DATA` (RFC 5321 §4.5.2): CRLF line endings, a `.` doubled at the start of every
    /// line that begins with one, a final CRLF, and the terminating `.` line.
    /// - Complexity: O(n) in the length of `message`.
    public static func smtpDataPayload(_ message: String) -> String {
        var lines = self.lines(message)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var out = ""
        out.reserveCapacity(message.utf8.count + lines.count * 2 + 8)
        for line in lines {
            if line.first == "." { out += "." }
            out += line
            out += "\r\n"
        }
        out += ".\r\n"
        return out
    }

    // MARK: - Bodies

    /// Encodes `text` (as UTF-8) as quoted-printable with CRLF hard line breaks and soft breaks so that no line is
    /// longer than 76 characters. A `.` at the start of a line is left as it is (SMTP dot-stuffing handles it).
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    public static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [String] = []
        for line in lines(text) {
            let bytes = Array(line.utf8)
            var current: [UInt8] = []
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                var piece: [UInt8]
                let literal =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && !isLast)
                if literal {
                    piece = [byte]
                } else {
                    piece = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
                // Keep room for the soft-break "=" unless this is the line's last piece.
                let limit = isLast ? maxEncodedLineLength : maxEncodedLineLength - 1
                if current.count + piece.count > limit {
                    current.append(UInt8(ascii: "="))
                    output.append(String(decoding: current, as: UTF8.self))
                    current = []
                }
                current += piece
            }
            output.append(String(decoding: current, as: UTF8.self))
        }
        return output.joined(separator: "\r\n")
    }

    /// Encodes `text` (as UTF-8) as base64 in lines of 76 characters separated by CRLF.
    public static func base64(_ text: String) -> String {
        let encoded = Array(Data(text.utf8).base64EncodedString().utf8)
        return stride(from: 0, to: encoded.count, by: maxEncodedLineLength).map { start in
            String(decoding: encoded[start..<min(start + maxEncodedLineLength, encoded.count)], as: UTF8.self)
        }.joined(separator: "\r\n")
    }

    /// The transfer encoding that keeps `text` smallest and most readable: `7bit` (the text as it is) when it is ASCII
    /// with no line over 998 characters, so links stay greppable in `.eml` files; otherwise quoted-printable unless
    /// more than a third of its bytes would need escaping, then base64.
    static func preferredBodyEncoding(for text: String) -> BodyTransferEncoding {
        let nonASCII = text.utf8.lazy.filter { $0 >= 0x80 }.count
        if nonASCII == 0, text.utf8.allSatisfy({ $0 != 0 && $0 != 127 }),
            lines(text).allSatisfy({ $0.utf8.count <= 998 })
        {
            return .sevenBit
        }
        return nonASCII * 3 > text.utf8.count ? .base64 : .quotedPrintable
    }

    // MARK: - Headers

    /// Whether `text` can go into a header as it is: printable ASCII and spaces only, and no `=?` that a reader
    /// could take for an encoded word.
    static func isPlainHeaderText(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 32 && $0 <= 126 } && !text.contains("=?")
    }

    /// Encodes `text` as RFC 2047 encoded words in UTF-8, each at most 75 characters, never splitting a character's
    /// bytes across two words. Uses the Q encoding for mostly-ASCII text and B (base64) otherwise.
    /// - Parameter phrase: restrict the Q encoding to the characters allowed in a display name (RFC 2047 §5 (3)).
    /// - Returns: the words, to be joined with folding whitespace (`"\r\n "`), or `[]` for empty text.
    public static func encodedWords(_ text: String, phrase: Bool = false) -> [String] {
        guard !text.isEmpty else { return [] }
        let nonASCII = text.utf8.lazy.filter { $0 >= 0x80 || $0 < 0x20 }.count
        let useQ = nonASCII * 4 <= text.utf8.count
        let prefix = useQ ? "=?UTF-8?Q?" : "=?UTF-8?B?"
        let room = maxEncodedWordLength - prefix.utf8.count - 2
        var words: [String] = []
        var chunk: [UInt8] = []
        var chunkLength = 0
        func encodedLength(_ bytes: [UInt8]) -> Int {
            useQ ? qEncode(bytes, phrase: phrase).utf8.count : (bytes.count + 2) / 3 * 4
        }
        func flush() {
            guard !chunk.isEmpty else { return }
            let payload = useQ ? qEncode(chunk, phrase: phrase) : Data(chunk).base64EncodedString()
            words.append(prefix + payload + "?=")
            chunk = []
            chunkLength = 0
        }
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if useQ {
                let added = encodedLength(bytes)
                if chunkLength + added > room { flush() }
                chunk += bytes
                chunkLength += added
            } else {
                if encodedLength(chunk + bytes) > room { flush() }
                chunk += bytes
            }
        }
        flush()
        return words
    }

    /// The Q encoding of `bytes` (RFC 2047 §4.2): `_` for space, `=XX` for everything outside a safe set.
    static func qEncode(_ bytes: [UInt8], phrase: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            let isAlnum =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            let safePunctuation: [UInt8] =
                phrase ? Array("!*+-/".utf8) : Array("!*+-/,.:;'()[]@#%&<>".utf8)
            if byte == UInt8(ascii: " ") {
                out.append(UInt8(ascii: "_"))
            } else if isAlnum || safePunctuation.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An unstructured header value (such as `Subject`): as it is when it is plain ASCII that fits on one line,
    /// otherwise encoded words folded onto continuation lines. Line breaks in `text` become spaces.
    static func unstructuredHeaderValue(_ text: String, headerName: String) -> String {
        let flat = text.replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        if isPlainHeaderText(flat) && headerName.count + 2 + flat.count <= 78 { return flat }
        return encodedWords(flat).joined(separator: "\r\n ")
    }
}

/// How a MIME body part is encoded for transport.
public enum BodyTransferEncoding: String, Sendable {
    /// `7bit`: ASCII text as it is, lines of at most 998 characters.
    case sevenBit = "7bit"
    /// `quoted-printable`: readable for mostly-ASCII text.
    case quotedPrintable = "quoted-printable"
    /// `base64`: compact for mostly non-ASCII text.
    case base64 = "base64"

    /// `text` encoded this way, lines separated by CRLF.
    func encode(_ text: String) -> String {
        switch self {
        case .sevenBit: MIMEEncoding.lines(text).joined(separator: "\r\n")
        case .quotedPrintable: MIMEEncoding.quotedPrintable(text)
        case .base64: MIMEEncoding.base64(text)
        }
    }
}

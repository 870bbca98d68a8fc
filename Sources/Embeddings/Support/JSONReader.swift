/// A strict JSON parser (RFC 8259) over UTF-8 bytes, standard library only.
///
/// Strings must be valid UTF-8 and escapes well formed (a lone surrogate is an error); nesting is limited
/// to `maxDepth` so a hostile file cannot exhaust the stack.
struct JSONReader {
    /// Why the text is not JSON, with the byte offset where reading stopped.
    struct Failure: Error, Sendable, CustomStringConvertible {
        let offset: Int
        let message: String
        var description: String { "\(message) at byte \(offset)" }
    }

    static let maxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var depth = 0

    /// Parses one JSON value that spans all of `bytes` (white space around it is allowed).
    /// - Throws: `Failure` at the first byte that breaks the grammar.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        var reader = JSONReader(bytes: bytes)
        let value = try reader.readValue()
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.failure("unexpected data after the JSON value") }
        return value
    }

    private init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    private func failure(_ message: String) -> Failure { Failure(offset: position, message: message) }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func expect(_ literal: StaticString, _ value: JSONValue) throws(Failure) -> JSONValue {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw failure("unexpected end of input") }
        for i in 0..<count where bytes[position + i] != literal.utf8Start[i] {
            throw failure("invalid literal")
        }
        position += count
        return value
    }

    private mutating func readValue() throws(Failure) -> JSONValue {
        skipWhitespace()
        guard let byte = current else { throw failure("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw failure("unexpected character")
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func readObject() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let key = try readString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':' after a member name") }
            position += 1
            members.append((key, try readValue()))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            case nil: throw failure("unexpected end of input in an object")
            default: throw failure("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func readArray() throws(Failure) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try readValue())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            case nil: throw failure("unexpected end of input in an array")
            default: throw failure("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func readNumber() throws(Failure) -> Double {
        let start = position
        var isInteger = true
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else {
            throw failure("expected a digit")
        }
        if first == UInt8(ascii: "0") {
            position += 1
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard try skipRequiredDigits() else { throw failure("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard try skipRequiredDigits() else { throw failure("expected a digit in the exponent") }
        }
        let digits = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
        if isInteger, digits.count <= 16 {
            var value = 0
            var negative = false
            for d in digits {
                if d == UInt8(ascii: "-") { negative = true } else { value = value * 10 + Int(d &- 48) }
            }
            return Double(negative ? -value : value)
        }
        guard let value = Double(String(decoding: digits, as: UTF8.self)) else {
            throw Failure(offset: start, message: "number out of range")
        }
        return value
    }

    private mutating func skipDigits() {
        while let d = current, d >= UInt8(ascii: "0"), d <= UInt8(ascii: "9") { position += 1 }
    }

    private mutating func skipRequiredDigits() throws(Failure) -> Bool {
        let start = position
        skipDigits()
        return position > start
    }

    private mutating func readString() throws(Failure) -> String {
        position += 1  // the opening quote
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                position += 1
                guard let s = Self.validString(raw.assumingMemoryBound(to: UInt8.self)) else {
                    throw Failure(offset: start, message: "string is not valid UTF-8")
                }
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw failure("control character in a string") }
            position += 1
        }
        var scratch = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                guard let s = scratch.withUnsafeBufferPointer(Self.validString) else {
                    throw Failure(offset: start, message: "string is not valid UTF-8")
                }
                return s
            }
            if b < 0x20 { throw failure("control character in a string") }
            if b != UInt8(ascii: "\\") {
                scratch.append(b)
                position += 1
                continue
            }
            position += 1
            guard let escape = current else { break }
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var code = UInt32(try readHex4())
                if (0xD800..<0xDC00).contains(code) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                        bytes[position + 1] == UInt8(ascii: "u")
                    else { throw failure("lone high surrogate in a \\u escape") }
                    position += 2
                    let low = UInt32(try readHex4())
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("invalid low surrogate in a \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(code) {
                    throw failure("lone low surrogate in a \\u escape")
                }
                // Not a surrogate here, so always a valid scalar.
                scratch.append(contentsOf: UTF8.encode(Unicode.Scalar(code)!)!)
            default: throw failure("invalid escape")
            }
        }
        throw failure("unterminated string")
    }

    /// The string of `bytes` if they are valid UTF-8. (`String(validating:as:)` does the same, but through
    /// generic code that costs more than the rest of the parse on a tokenizer file's 90,000 strings.)
    private static func validString(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var string = String(decoding: bytes, as: UTF8.self)
        var ascii: UInt8 = 0
        for b in bytes { ascii |= b }
        if ascii < 0x80 { return string }
        // Decoding repairs invalid sequences with U+FFFD; the bytes are valid if nothing was changed.
        return string.withUTF8 { $0.elementsEqual(bytes) } ? string : nil
    }

    private mutating func readHex4() throws(Failure) -> UInt16 {
        guard position + 4 <= bytes.count else { throw failure("unexpected end of input in a \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw failure("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }
}

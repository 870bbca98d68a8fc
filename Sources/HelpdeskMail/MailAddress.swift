/// A mailbox: an address with an optional display name, e.g. `Help Desk <help@example.com>`.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name, if any.
    public var name: String?
    /// The address (`local@domain`), ASCII only: the client does not speak SMTPUTF8.
    public var address: String

    /// Creates a mailbox after checking the address.
    /// - Throws: `MailAddressError` when `address` is not a plain `local@domain` ASCII address.
    public init(_ address: String, name: String? = nil) throws(MailAddressError) {
        let trimmed = address.trimmingWhitespace()
        try Self.validate(trimmed)
        self.address = trimmed
        let trimmedName = name?.trimmingWhitespace()
        self.name = (trimmedName?.isEmpty ?? true) ? nil : trimmedName
    }

    /// Parses `Name <local@domain>`, `"Quoted, Name" <local@domain>` or a bare `local@domain`.
    /// - Throws: `MailAddressError` naming what is wrong.
    public init(parsing text: String) throws(MailAddressError) {
        let text = text.trimmingWhitespace()
        if let open = text.lastIndex(of: "<") {
            guard text.hasSuffix(">") else { throw .invalid(text, reason: "a \"<\" without a closing \">\"") }
            let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            var name = String(text[..<open]).trimmingWhitespace()
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            try self.init(address, name: name)
        } else {
            try self.init(text)
        }
    }

    /// The domain part of the address.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// The mailbox as written in a header: the display name quoted or RFC 2047 encoded as needed.
    public var headerValue: String {
        guard let name else { return address }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
        if MIMEEncoding.isPlainHeaderText(name) {
            if name.allSatisfy({ atext.contains($0) }) && !name.contains("=?") { return "\(name) <\(address)>" }
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(address)>"
        }
        return MIMEEncoding.encodedWords(name, phrase: true).joined(separator: "\r\n ") + " <\(address)>"
    }

    /// `Name <address>` for logs and messages (not encoded).
    public var description: String { name.map { "\($0) <\(address)>" } ?? address }

    private static func validate(_ address: String) throws(MailAddressError) {
        guard !address.isEmpty else { throw .invalid(address, reason: "it is empty") }
        guard address.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw .invalid(address, reason: "only ASCII letters, digits and punctuation, without spaces, are allowed")
        }
        guard !address.contains(where: { "<>()[],;:\\\"".contains($0) }) else {
            throw .invalid(address, reason: "it contains a character not allowed in an address")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .invalid(address, reason: "it must look like local@domain")
        }
        guard address.utf8.count <= 254 else { throw .invalid(address, reason: "it is longer than 254 characters") }
    }
}

/// Why a mail address was refused.
public enum MailAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text and the reason.
    case invalid(String, reason: String)

    /// A sentence naming the address and the problem.
    public var description: String {
        switch self {
        case .invalid(let text, let reason): "invalid mail address \"\(text)\": \(reason)"
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

/// The key that signs reply addresses, so that answering a ticket's mail adds the answer to the ticket.
///
/// A mail about ticket 42 sent to `ann@example.org` asks to be answered at `support+r42-<signature>@example.com`
/// (`--reply-address support@example.com`), where the signature is the HMAC-SHA256 of the ticket and that recipient
/// under the installation's key (`AppDatabase.mailReplyKey()`), 80 bits as hexadecimal. A reply is taken only from
/// the address the mail went to, with a signature that matches: the address cannot be guessed for another ticket or
/// used from another sender, and it needs no row per mail. The key is made once per installation and kept in its
/// database, so every app node signs and checks alike.
public struct MailReplyKey: Sendable {
    /// Hexadecimal digits of a signature (80 bits).
    public static let signatureLength = 20

    private let bytes: [UInt8]

    /// A key of (at least 16) secret bytes.
    public init(_ bytes: [UInt8]) {
        precondition(bytes.count >= 16, "a reply key needs at least 128 bits")
        self.bytes = bytes
    }

    /// The signature of replies to `ticketId`'s mails sent to `recipient` (compared without regard to case).
    public func signature(ticketId: Int64, recipient: String) -> String {
        let message = "r\(ticketId):\(recipient.lowercased())"
        return String(Hashing.hex(Hashing.hmacSHA256(key: bytes, message: message.utf8)).prefix(Self.signatureLength))
    }

    /// The address to reply to for `ticketId`'s mails sent to `recipient`: `base` with `+r<ticket>-<signature>` added
    /// to its local part. Nil when `base` is not `local@domain`.
    public func replyAddress(base: String, ticketId: Int64, recipient: String) -> String? {
        guard let at = base.lastIndex(of: "@"), at != base.startIndex, base.index(after: at) != base.endIndex else { return nil }
        return "\(base[..<at])+r\(ticketId)-\(signature(ticketId: ticketId, recipient: recipient))\(base[at...])"
    }

    /// The ticket and signature a reply address names (`…+r<ticket>-<signature>@…`), or nil when it names none.
    public static func parse(_ address: String) -> (ticketId: Int64, signature: String)? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let local = address[..<at]
        guard let plus = local.lastIndex(of: "+") else { return nil }
        let tag = local[local.index(after: plus)...]
        guard tag.first == "r" || tag.first == "R", let dash = tag.firstIndex(of: "-") else { return nil }
        let digits = tag[tag.index(after: tag.startIndex)..<dash]
        let signature = tag[tag.index(after: dash)...].lowercased()
        guard (1...18).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let ticketId = Int64(digits),
            signature.count == signatureLength, signature.allSatisfy({ $0.isHexDigit })
        else { return nil }
        return (ticketId, signature)
    }

    /// Whether `address` carries a reply tag (`+r` and a digit or a dash after the last `+` of its local part), valid or
    /// not: a damaged reply address is a refused answer, never a new request.
    public static func isTagged(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@"), let plus = address[..<at].lastIndex(of: "+") else { return false }
        let tag = address[address.index(after: plus)..<at]
        guard let first = tag.first, first == "r" || first == "R" else { return false }
        let next = tag.dropFirst().first
        return next == "-" || next?.isNumber == true
    }

    /// Whether `signature` is the one this key gives replies to `ticketId` from `sender` (in time independent of where
    /// they differ).
    public func accepts(ticketId: Int64, signature: String, sender: String) -> Bool {
        let expected = Array(self.signature(ticketId: ticketId, recipient: sender).utf8)
        let given = Array(signature.lowercased().utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for i in expected.indices { difference |= expected[i] ^ given[i] }
        return difference == 0
    }
}

import Foundation

/// One e-mail ready to be sent: envelope, headers and a plain-text body with an optional HTML alternative.
public struct MailMessage: Sendable, Hashable {
    /// The `From` header and the SMTP envelope sender.
    public var from: MailAddress
    /// The recipients (`To` header and `RCPT TO`).
    public var to: [MailAddress]
    /// Where answers go (`Reply-To`), when not to `from`.
    public var replyTo: MailAddress?
    /// The subject, any Unicode; encoded as RFC 2047 words when needed.
    public var subject: String
    /// The plain-text body.
    public var text: String
    /// The HTML body; the message is `multipart/alternative` when present.
    public var html: String?
    /// The `Message-ID` without angle brackets, e.g. `outbox.42.1800000000@example.com`. Keep it stable across
    /// retries of the same mail so that receivers can drop duplicates.
    public var messageID: String
    /// Message ids (without angle brackets) for `References`, so that mail clients thread related mails.
    public var references: [String]
    /// The `Date` header.
    public var date: Date
    /// The outbox row this message was rendered from, if any (names the `.eml` file of `FileMailTransport`).
    public var outboxID: Int64?

    /// Creates a message.
    public init(
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        text: String,
        html: String? = nil,
        messageID: String,
        references: [String] = [],
        date: Date,
        outboxID: Int64? = nil,
        replyTo: MailAddress? = nil
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.references = references
        self.date = date
        self.outboxID = outboxID
    }

    /// The whole RFC 5322 message: headers, a blank line and the MIME body, every line ending in CRLF and no line
    /// longer than 998 characters. Deterministic: the same message always renders to the same bytes.
    public func rendered() -> String {
        var headers: [String] = [
            "From: \(from.headerValue)",
            "To: \(to.map(\.headerValue).joined(separator: ",\r\n "))",
            "Subject: \(MIMEEncoding.unstructuredHeaderValue(subject, headerName: "Subject"))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
        ]
        if let replyTo {
            headers.insert("Reply-To: \(replyTo.headerValue)", at: 2)
        }
        if !references.isEmpty {
            headers.append("References: " + references.map { "<\($0)>" }.joined(separator: "\r\n "))
        }
        headers += [
            "MIME-Version: 1.0",
            // Notifications: ask auto-responders (vacation replies, RFC 3834) not to answer.
            "Auto-Submitted: auto-generated",
            "X-Auto-Response-Suppress: All",
        ]
        var body: [String] = []
        if let html {
            let boundary = "=_ccr_" + String(stableHash, radix: 36)
            headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
            body.append("This is a multi-part message in MIME format.")
            body.append("")
            for (type, content) in [("text/plain", text), ("text/html", html)] {
                body.append("--\(boundary)")
                body += Self.part(type: type, content: content)
                body.append("")
            }
            body.append("--\(boundary)--")
        } else {
            let encoding = MIMEEncoding.preferredBodyEncoding(for: text)
            headers.append("Content-Type: text/plain; charset=UTF-8")
            headers.append("Content-Transfer-Encoding: \(encoding.rawValue)")
            body.append(encoding.encode(text))
        }
        return (headers + [""] + body).joined(separator: "\r\n") + "\r\n"
    }

    /// The addresses of all recipients, for `RCPT TO`.
    public var envelopeRecipients: [String] { to.map(\.address) }

    private static func part(type: String, content: String) -> [String] {
        let encoding = MIMEEncoding.preferredBodyEncoding(for: content)
        return [
            "Content-Type: \(type); charset=UTF-8",
            "Content-Transfer-Encoding: \(encoding.rawValue)",
            "",
            encoding.encode(content),
        ]
    }

    /// A hash of the message id (FNV-1a), stable across runs, for the MIME boundary. The boundary starts with `=_`,
    /// which neither quoted-printable nor base64 output can contain, so it can never clash with the content.
    private var stableHash: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in messageID.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// `Wed, 25 Nov 2026 13:30:34 +0000` (RFC 5322 §3.3), always in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let daysSinceEpoch = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let weekday = days[((daysSinceEpoch % 7) + 7) % 7]
        func two(_ n: Int?) -> String {
            let n = n ?? 0
            return n < 10 ? "0\(n)" : "\(n)"
        }
        return "\(weekday), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}

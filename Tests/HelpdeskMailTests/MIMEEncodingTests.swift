import Foundation
import Testing
import TestSupport

@testable import HelpdeskMail

@Suite struct MIMEEncodingTests {
    @Test func lineEndingsBecomeCRLF() {
        #expect(MIMEEncoding.normalizingLineEndings("a\nb\r\nc\rd") == "a\r\nb\r\nc\r\nd")
    }

    @Test func dataPayloadDoublesLeadingDotsAndEndsWithTerminator() {
        let payload = MIMEEncoding.smtpDataPayload("Subject: x\n\nline\n.\n..two\n.hidden\nend")
        #expect(payload == "Subject: x\r\n\r\nline\r\n..\r\n...two\r\n..hidden\r\nend\r\n.\r\n")
    }

    @Test func quotedPrintableKeepsLinesShortAndEscapes() {
        let long = String(repeating: "é", count: 100) + " tail "
        let encoded = MIMEEncoding.quotedPrintable("a=b\n" + long)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.first == "a=3Db")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(encoded.hasSuffix("tail=20"), "trailing space is encoded")
        // Soft breaks never split an =XX escape.
        for line in lines.dropFirst().dropLast() {
            #expect(line.hasSuffix("="))
            #expect(!line.dropLast().suffix(2).contains("="), "no =XX is cut in two")
        }
    }

    @Test func encodedWordsAreShortAndDoNotSplitCharacters() throws {
        let subject = "Imprimante hors ligne — ça ne marche pas 🖨️ " + String(repeating: "ü", count: 60)
        let words = MIMEEncoding.encodedWords(subject)
        #expect(words.count > 1)
        var bytes: [UInt8] = []
        for word in words {
            #expect(word.utf8.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") || word.hasPrefix("=?UTF-8?Q?"))
            let payload = String(word.dropFirst(10).dropLast(2))
            let chunk: [UInt8]
            if word.hasPrefix("=?UTF-8?B?") {
                chunk = Array(try #require(Data(base64Encoded: payload)))
            } else {
                chunk = Array(try #require(Self.qDecode(payload)))
            }
            #expect(
                String(validatingUTF8: chunk.map { CChar(bitPattern: $0) } + [0]) != nil,
                "each word is valid UTF-8"
            )
            bytes += chunk
        }
        #expect(String(decoding: bytes, as: UTF8.self) == subject)
    }

    @Test func mostlyASCIIUsesQEncoding() {
        let words = MIMEEncoding.encodedWords("Café opening hours?")
        #expect(words == ["=?UTF-8?Q?Caf=C3=A9_opening_hours=3F?="])
    }

    @Test func addressesAreParsedAndQuoted() throws {
        let help = try MailAddress(parsing: "Help Desk <help@example.com>")
        #expect(help.name == "Help Desk" && help.address == "help@example.com")
        #expect(help.headerValue == "Help Desk <help@example.com>")
        #expect(
            try MailAddress(parsing: "\"Care, Inc.\" <care@example.com>").headerValue
                == "\"Care, Inc.\" <care@example.com>"
        )
        #expect(try MailAddress("zoe@example.com", name: "Zoë").headerValue == "=?UTF-8?B?Wm/Dqw==?= <zoe@example.com>")
        #expect(
            try MailAddress("zoe@example.com", name: "Zoë Quinn-Smith").headerValue
                == "=?UTF-8?Q?Zo=C3=AB_Quinn-Smith?= <zoe@example.com>"
        )
        #expect(throws: MailAddressError.self) { try MailAddress("not an address") }
        #expect(throws: MailAddressError.self) { try MailAddress("a@b.c\r\nRCPT TO:<x@y.z>") }
    }

    @Test func renderedMessageHasHeadersAndShortCRLFLines() throws {
        let message = MailMessage(
            from: try MailAddress("help@example.com", name: "Help Desk"),
            to: [try MailAddress("ada@example.com")],
            subject: "Grüße aus dem Support",
            text: "Hello\n" + String(repeating: "x", count: 2_000),
            html: "<p>Hello</p>",
            messageID: "outbox.1.1800000000@example.com",
            references: ["ticket.3@example.com"],
            date: Date(timeIntervalSince1970: 1_800_000_000),
            outboxID: 1
        )
        let raw = message.rendered()
        #expect(raw == message.rendered(), "deterministic")
        #expect(raw.contains("Date: Fri, 15 Jan 2027 08:00:00 +0000\r\n"))
        #expect(raw.contains("Message-ID: <outbox.1.1800000000@example.com>\r\n"))
        #expect(raw.contains("References: <ticket.3@example.com>\r\n"))
        #expect(raw.contains("Subject: =?UTF-8?"))
        #expect(raw.contains("multipart/alternative"))
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
    }

    static func qDecode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "_") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "=") {
                guard bytes.count >= 2, let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16)
                else { return nil }
                out.append(value)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(byte)
            }
        }
        return out
    }
}

@Suite struct SMTPConfigurationTests {
    @Test func parsesAFullURL() throws {
        let configuration = try SMTPConfiguration(
            url: "smtp://user%40example.com:p%40ss%3Aword@mail.example.com:587?starttls=required"
                + "&from=Help%20Desk%20%3Chelp%40example.com%3E&helo=app.example.com&timeout=5&auth=login"
        )
        #expect(configuration.host == "mail.example.com")
        #expect(configuration.port == 587)
        #expect(configuration.security == .startTLS(.required))
        #expect(configuration.username == "user@example.com")
        #expect(configuration.password == "p@ss:word")
        #expect(configuration.from == (try MailAddress("help@example.com", name: "Help Desk")))
        #expect(configuration.heloName == "app.example.com")
        #expect(configuration.timeout == .seconds(5))
        #expect(configuration.authMechanism == .login)
        #expect(!configuration.description.contains("p@ss"), "the password never shows in logs")
    }

    @Test func defaults() throws {
        let plain = try SMTPConfiguration(url: "smtp://localhost?from=help@example.com")
        #expect(plain.port == 25 && plain.security == .startTLS(.opportunistic) && plain.username == nil)
        let implicit = try SMTPConfiguration(url: "smtps://[::1]?from=help@example.com")
        #expect(implicit.port == 465 && implicit.security == .implicitTLS && implicit.host == "::1")
    }

    @Test(arguments: [
        ("http://host?from=a@b.c", "scheme http"),
        ("smtp://?from=a@b.c", "host is missing"),
        ("smtp://host", "from parameter is missing"),
        ("smtp://host?from=nobody", "parameter from"),
        ("smtp://host?from=a@b.c&starttls=maybe", "parameter starttls"),
        ("smtps://host?from=a@b.c&starttls=required", "smtps:// always uses TLS"),
        ("smtp://host?from=a@b.c&timeout=-1", "parameter timeout"),
        ("smtp://host?from=a@b.c&cafile=/nonexistent.pem", "parameter cafile"),
        ("smtp://host?from=a@b.c&colour=blue", "unknown parameter colour"),
        ("smtp://host?from=a@b.c&auth=cram-md5", "parameter auth"),
        ("smtp://host/path?from=a@b.c", "parameter path"),
        ("smtp://:secret@host?from=a@b.c", "password without a user name"),
    ])
    func errorsNameTheBadPart(url: String, expected: String) {
        do {
            _ = try SMTPConfiguration(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func backOffDoublesUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 10, initialDelay: .seconds(30), maxDelay: .seconds(3_600))
        #expect(policy.delay(afterAttempts: 1) == .seconds(30))
        #expect(policy.delay(afterAttempts: 2) == .seconds(60))
        #expect(policy.delay(afterAttempts: 5) == .seconds(480))
        #expect(policy.delay(afterAttempts: 9) == .seconds(3_600))
    }
}

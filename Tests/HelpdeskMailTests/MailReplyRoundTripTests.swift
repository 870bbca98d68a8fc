import Foundation
import HelpdeskCore
import Testing
import TestSupport

@testable import HelpdeskMail

/// Answers by e-mail end to end: the mail a customer gets, answered as a mail client answers it, back in the thread.
@Suite("Answers by e-mail: from the mail sent to the thread")
struct MailReplyRoundTripTests {
    /// A customer, an agent holding the customer's ticket, and the agent's reply mailed to the customer.
    static func scene(_ f: Fixture) async throws -> (customer: User, agent: User, ticketId: Int64, mail: OutboxMail) {
        let customer = try await f.customer("Ada")
        let admin = try await f.admin()
        let agent = try await f.agent(by: admin)
        let ticket = try await f.db.createTicket(by: customer, subject: "Printer is offline", description: "It shows offline.")
        let id = ticket.requiredID
        _ = try await f.db.assign(ticketId: id, to: agent.requiredID, by: admin)
        try await f.db.reply(to: id, by: agent, body: "Is the printer switched on?")
        return (customer, agent, id, try await f.lastMail(.agentReplied, to: customer.email))
    }

    /// The delivery service with answers by e-mail to `support@help.example.com`.
    static func service(_ f: Fixture) async throws -> MailDeliveryService {
        let replies = ReplyAddressing(
            base: try MailAddress("support@help.example.com", name: "Help Desk"), key: try await f.db.mailReplyKey())
        return MailDeliveryService(
            database: f.db, transport: FileMailTransport(directory: try temporaryDirectory()), baseURL: Fixture.baseURL,
            replies: replies, now: f.clock.closure)
    }

    /// `header`'s value in a rendered message.
    static func header(_ name: String, in raw: String) -> String? {
        raw.components(separatedBy: "\r\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) }
    }

    /// A reply as a mail client writes it: the new text, an attribution line, and the whole mail quoted.
    static func reply(from: String, to: String, text: String, quoting original: String, messageID: String, extra: String = "") -> [UInt8] {
        let quoted = original.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\r\n")
        return Array("""
            From: Ada Lovelace <\(from)>\r
            To: "Help Desk" <\(to)>\r
            Subject: Re: Re: Printer is offline\r
            Message-ID: <\(messageID)>\r
            Date: Sat, 05 Dec 2026 10:00:00 +0000\r
            \(extra)MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            \(text)\r
            \r
            On Sat, 5 Dec 2026 at 09:00, Help Desk <\(to)> wrote:\r
            \(quoted)\r

            """.utf8)
    }

    @Test("a ticket mail asks to be answered at its signed address, above a marker line; without the option nothing changes")
    func ticketMailsCarryTheReplyAddress() async throws {
        let f = try Fixture()
        let (customer, _, id, mail) = try await Self.scene(f)
        let message = try await Self.service(f).message(for: mail)
        let raw = message.rendered()
        let replyTo = try #require(Self.header("Reply-To", in: raw))
        #expect(replyTo.hasPrefix("Help Desk <support+r\(id)-") && replyTo.hasSuffix("@help.example.com>"))
        let key = try await f.db.mailReplyKey()
        let address = try #require(message.replyTo?.address)
        let (ticketId, signature) = try #require(MailReplyKey.parse(address))
        #expect(ticketId == id && key.accepts(ticketId: id, signature: signature, sender: customer.email))
        #expect(message.text.hasPrefix(ReplyText.marker + "\n\n"))
        #expect(message.html?.contains(ReplyText.marker) == true)
        // A mail about no ticket (the address confirmation) has no reply address
        let confirm = try await f.lastMail(.confirmEmail, to: customer.email)
        #expect(try await Self.service(f).message(for: confirm).replyTo == nil)
        // Without replies configured, the same mail has neither
        let plain = try f.service(FileMailTransport(directory: try temporaryDirectory())).message(for: mail)
        #expect(plain.replyTo == nil && !plain.text.contains(ReplyText.marker))
        #expect(Self.header("Reply-To", in: plain.rendered()) == nil)
    }

    @Test("the customer's answer to that mail joins the thread without the quoted mail; a repeat, a robot and a stranger add nothing")
    func answerJoinsTheThread() async throws {
        let f = try Fixture()
        let (customer, agent, id, mail) = try await Self.scene(f)
        let message = try await Self.service(f).message(for: mail)
        let address = try #require(message.replyTo?.address)
        let raw = Self.reply(
            from: customer.email, to: address, text: "Yes, it is on.\nThe light is green.", quoting: message.text,
            messageID: "answer-1@mail.example")
        // When the mail system hands the answer over
        let outcome = try await MailIntake.receive(raw, into: f.db, attachments: nil)
        // Then the thread has the new words only, as the customer's reply, and the agent is told
        guard case .added(let ticketId, _) = outcome else { Issue.record("not added: \(outcome)"); return }
        #expect(ticketId == id)
        let thread = try await f.db.messages(ticketId: id, for: agent)
        #expect(thread.last?.body == "Yes, it is on.\nThe light is green.")
        #expect(thread.last?.authorId == customer.id)
        #expect(try await f.lastMail(.customerReplied, to: agent.email).body.contains("> The light is green."))
        // When it comes again, Then nothing more is added
        #expect(try await MailIntake.receive(raw, into: f.db, attachments: nil) == .duplicate(ticketId: id))
        // An out-of-office answer is dropped without a bounce
        let vacation = Self.reply(
            from: customer.email, to: address, text: "I am away until Monday.", quoting: "", messageID: "away-1@mail.example",
            extra: "Auto-Submitted: auto-replied\r\n")
        #expect(try await MailIntake.receive(vacation, into: f.db, attachments: nil) == .ignoredAutomatic)
        // Someone else writing to the customer's reply address is refused
        let stranger = Self.reply(
            from: "eve@example.com", to: address, text: "Click here", quoting: "", messageID: "eve-1@mail.example")
        await #expect(throws: MailReplyRefusal.notFromRecipient) { try await MailIntake.receive(stranger, into: f.db, attachments: nil) }
        #expect(try await f.db.messages(ticketId: id, for: agent).count == thread.count)
    }

    @Test("a stranger's mail is refused on its headers, before its body is read; a mail without a Message-ID is still added once")
    func headersFirstAndDigestDedupe() async throws {
        let f = try Fixture()
        let (customer, agent, id, mail) = try await Self.scene(f)
        let address = try #require(try await Self.service(f).message(for: mail).replyTo?.address)
        // A body nested past what the parser follows: reading it would fail as too deep
        var deep = "From: <eve@example.com>\r\nTo: <\(address)>\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
        for level in 1...20 { deep += "--b\(level - 1)\r\nContent-Type: multipart/mixed; boundary=b\(level)\r\n\r\n" }
        await #expect(throws: MailReplyRefusal.notFromRecipient) {
            try await MailIntake.receive(Array(deep.utf8), into: f.db, attachments: nil)
        }
        // A mail without a Message-ID, delivered twice
        let bare = Array("From: <\(customer.email)>\r\nTo: <\(address)>\r\nSubject: Re\r\n\r\nNo id on this one.\r\n".utf8)
        guard case .added = try await MailIntake.receive(bare, into: f.db, attachments: nil) else { Issue.record("not added"); return }
        #expect(try await MailIntake.receive(bare, into: f.db, attachments: nil) == .duplicate(ticketId: id))
        #expect(try await f.db.messages(ticketId: id, for: agent).filter { $0.body == "No id on this one." }.count == 1)
        // A damaged reply address is a refused answer, not a new request
        let damaged = address.replacingOccurrences(of: "@", with: "0@")
        let broken = Array("From: <\(customer.email)>\r\nTo: <\(damaged)>\r\nMessage-ID: <d1@x>\r\n\r\nHello\r\n".utf8)
        await #expect(throws: MailReplyRefusal.notFromRecipient) { try await MailIntake.receive(broken, into: f.db, attachments: nil) }
    }

    @Test("a Message-ID counts per sender: another customer's mail with the same one is not taken for a repeat")
    func messageIdsArePerSender() async throws {
        let f = try Fixture()
        let (ada, agent, id, mail) = try await Self.scene(f)
        let address = try #require(try await Self.service(f).message(for: mail).replyTo?.address)
        let first = Self.reply(from: ada.email, to: address, text: "Mine.", quoting: "", messageID: "shared@mail.example")
        guard case .added = try await MailIntake.receive(first, into: f.db, attachments: nil) else { Issue.record("not added"); return }
        // Bob writes to the support address with the same Message-ID: a new request of his, not a "repeat" of Ada's
        let bob = try await f.customer("Bob")
        let his = Array("From: <\(bob.email)>\r\nTo: <support@help.example.com>\r\nSubject: Scanner\r\nMessage-ID: <shared@mail.example>\r\n\r\nIt jams.\r\n".utf8)
        guard case .filed(let filed) = try await MailIntake.receive(his, into: f.db, attachments: nil) else {
            Issue.record("Bob's mail was not filed")
            return
        }
        let bobs = try await f.db.ticket(id: filed, for: bob)
        #expect(filed != id && bobs.customerId == bob.id)
        #expect(try await f.db.messages(ticketId: id, for: agent).filter { $0.body == "Mine." }.count == 1)
    }

    /// A reply with `files` (name, bytes) as a mail client sends it: multipart/mixed, the text, then each file in
    /// base64.
    static func replyWithFiles(from: String, to: String, text: String, files: [(String, [UInt8])], messageID: String) -> [UInt8] {
        var lines = [
            "From: <\(from)>", "To: <\(to)>", "Subject: Re: Printer is offline", "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"b1\"", "", "--b1",
            "Content-Type: text/plain; charset=utf-8", "", text,
        ]
        for (name, bytes) in files {
            lines += [
                "--b1", "Content-Type: image/png; name=\"\(name)\"", "Content-Disposition: attachment; filename=\"\(name)\"",
                "Content-Transfer-Encoding: base64", "", Data(bytes).base64EncodedString(options: .lineLength76Characters),
            ]
        }
        lines.append("--b1--")
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// A 1×1 PNG.
    static let png: [UInt8] = Array(
        Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)

    @Test("files attached to an answer are stored with it, as uploads are; more than a message may carry refuses the mail and stores none")
    func answerFilesAreStored() async throws {
        let f = try Fixture()
        let (customer, agent, id, mail) = try await Self.scene(f)
        let address = try #require(try await Self.service(f).message(for: mail).replyTo?.address)
        let folder = try temporaryDirectory().path
        let store = AttachmentStore(folder: folder, limits: AttachmentLimits(maxFiles: 2))
        // When the customer answers with a screenshot
        let raw = Self.replyWithFiles(
            from: customer.email, to: address, text: "Here is the screen.", files: [("screen.png", Self.png)], messageID: "f1@mail.example")
        guard case .added(_, let messageId) = try await MailIntake.receive(raw, into: f.db, attachments: store) else {
            Issue.record("not added")
            return
        }
        // Then the reply carries it, typed from its content, and the file is in the store
        let detail = try await f.db.ticketDetail(id: id, for: agent)
        let file = try #require(detail.attachments.first { $0.messageId == messageId })
        #expect(file.fileName == "screen.png" && file.contentType == "image/png" && file.size == Self.png.count)
        #expect(store.existingPath(sha256: file.sha256) != nil)
        // When an answer carries three files where two are allowed, Then it is refused and nothing more is stored
        let before = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { !$0.hasPrefix("incoming") }.count
        let many = Self.replyWithFiles(
            from: customer.email, to: address, text: "More screens.",
            files: [("a.png", Self.png), ("b.png", Self.png + [1]), ("c.png", Self.png + [2])], messageID: "f2@mail.example")
        await #expect(throws: MailReplyRefusal.files("Attach at most 2 files to one message.")) {
            try await MailIntake.receive(many, into: f.db, attachments: store)
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: folder).filter { !$0.hasPrefix("incoming") }.count == before)
        // A mail refused for its sender stores none of its files either
        await #expect(throws: MailReplyRefusal.unknownSender) {
            try await MailIntake.receive(
                Self.replyWithFiles(from: "nobody@example.com", to: "support@help.example.com", text: "x", files: [("e.png", Self.png + [3])],
                                    messageID: "f4@mail.example"),
                into: f.db, attachments: store)
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: folder).filter { !$0.hasPrefix("incoming") }.count == before)
        // And without an attachment store, a mail with files is refused, saying so
        await #expect(throws: MailReplyRefusal.files("Files cannot be sent here.")) {
            try await MailIntake.receive(
                Self.replyWithFiles(from: customer.email, to: address, text: "x", files: [("d.png", Self.png)], messageID: "f3@mail.example"),
                into: f.db, attachments: nil)
        }
    }
}

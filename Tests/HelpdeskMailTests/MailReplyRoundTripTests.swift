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
        let outcome = try await MailIntake.receive(raw, into: f.db)
        // Then the thread has the new words only, as the customer's reply, and the agent is told
        guard case .added(let ticketId, _) = outcome else { Issue.record("not added: \(outcome)"); return }
        #expect(ticketId == id)
        let thread = try await f.db.messages(ticketId: id, for: agent)
        #expect(thread.last?.body == "Yes, it is on.\nThe light is green.")
        #expect(thread.last?.authorId == customer.id)
        #expect(try await f.lastMail(.customerReplied, to: agent.email).body.contains("> The light is green."))
        // When it comes again, Then nothing more is added
        #expect(try await MailIntake.receive(raw, into: f.db) == .duplicate(ticketId: id))
        // An out-of-office answer is dropped without a bounce
        let vacation = Self.reply(
            from: customer.email, to: address, text: "I am away until Monday.", quoting: "", messageID: "away-1@mail.example",
            extra: "Auto-Submitted: auto-replied\r\n")
        #expect(try await MailIntake.receive(vacation, into: f.db) == .ignoredAutomatic)
        // Someone else writing to the customer's reply address is refused
        let stranger = Self.reply(
            from: "eve@example.com", to: address, text: "Click here", quoting: "", messageID: "eve-1@mail.example")
        await #expect(throws: MailReplyRefusal.notFromRecipient) { try await MailIntake.receive(stranger, into: f.db) }
        #expect(try await f.db.messages(ticketId: id, for: agent).count == thread.count)
    }
}

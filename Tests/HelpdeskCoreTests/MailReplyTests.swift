import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Answers by e-mail: signed reply addresses")
struct MailReplyTests {
    /// A reply address for `ticketId`'s mails to `recipient`, as the mail worker writes it.
    static func address(_ key: MailReplyKey, _ ticketId: Int64, to recipient: String) throws -> String {
        try #require(key.replyAddress(base: "support@care.example", ticketId: ticketId, recipient: recipient))
    }

    @Test("a reply address names its ticket, and is accepted only from the recipient it was made for")
    func addressesAreSignedForTicketAndRecipient() throws {
        let key = MailReplyKey(Array(repeating: 7, count: 32))
        let address = try Self.address(key, 42, to: "Ada@Example.com")
        #expect(address.hasPrefix("support+r42-") && address.hasSuffix("@care.example"))
        let (ticketId, signature) = try #require(MailReplyKey.parse(address))
        #expect(ticketId == 42 && signature.count == MailReplyKey.signatureLength)
        // The same recipient in any case is accepted; another sender, another ticket or another key is not
        #expect(key.accepts(ticketId: 42, signature: signature, sender: "ada@example.com"))
        #expect(key.accepts(ticketId: 42, signature: signature.uppercased(), sender: "ADA@example.com"))
        #expect(!key.accepts(ticketId: 42, signature: signature, sender: "eve@example.com"))
        #expect(!key.accepts(ticketId: 43, signature: signature, sender: "ada@example.com"))
        #expect(!MailReplyKey(Array(repeating: 8, count: 32)).accepts(ticketId: 42, signature: signature, sender: "ada@example.com"))
        // Addresses that name no ticket are not reply addresses
        for other in [
            "support@care.example", "support+r42@care.example", "support+rx-\(signature)@care.example",
            "support+r42-\(signature.dropLast())@care.example", "support+r99999999999999999999-\(signature)@care.example",
            "support+r-\(signature)@care.example", "no-at-sign",
        ] {
            #expect(MailReplyKey.parse(other) == nil, "\(other)")
        }
    }

    @Test("the installation's key is made once and read back the same, by every caller")
    func keyIsMadeOnce() async throws {
        let f = try await Fixture.make()
        let first = try await f.db.mailReplyKey()
        let again = try await f.db.mailReplyKey()
        #expect(first.signature(ticketId: 1, recipient: "a@b.example") == again.signature(ticketId: 1, recipient: "a@b.example"))
    }

    @Test("a customer's answer by mail is their reply: it joins the thread, tells the assignee, and a second delivery adds nothing")
    func customerAnswerJoinsTheThreadOnce() async throws {
        // Given a ticket held by an agent and waiting on the customer
        let f = try await Fixture.make()
        let (customer, _, agent, ticket) = try await f.scene()
        let id = ticket.requiredID
        try await f.db.take(ticketId: id, by: agent)
        try await f.db.reply(to: id, by: agent, body: "Is the printer switched on?")
        try await f.db.changeStatus(ticketId: id, to: .waitingOnCustomer, by: agent)
        let key = try await f.db.mailReplyKey()
        let to = try Self.address(key, id, to: customer.email)
        // When the customer answers the mail
        let outcome = try await f.db.replyByMail(
            recipients: ["someone@else.example", to], sender: customer.email, text: "Yes, and the light is green.",
            messageId: "m1@mail.example", key: key)
        // Then the answer is in the thread as the customer's reply, the ticket is back in progress, the agent is told
        guard case .added(let ticketId, _) = outcome else { Issue.record("not added: \(outcome)"); return }
        #expect(ticketId == id)
        let thread = try await f.db.messages(ticketId: id, for: agent)
        #expect(thread.last?.body == "Yes, and the light is green." && thread.last?.kind == .customerReply)
        #expect(thread.last?.authorId == customer.id)
        #expect(try await f.db.ticket(id: id, for: agent).status == .inProgress)
        let told = try await f.lastMail(.customerReplied, to: agent.email)
        #expect(told.body.contains("> Yes, and the light is green."))
        // When the mail system delivers the same mail again
        let again = try await f.db.replyByMail(
            recipients: [to], sender: customer.email, text: "Yes, and the light is green.", messageId: "m1@mail.example",
            key: key)
        // Then nothing is added and nobody is told twice
        #expect(again == .duplicate(ticketId: id))
        #expect(try await f.db.messages(ticketId: id, for: agent).count == thread.count)
        #expect(try await f.db.outbox(recipient: agent.email).filter { $0.kind == .customerReplied }.count == 1)
    }

    @Test("staff cannot answer by mail, even with an address signed for them: an admin's answer never reaches the customer")
    func staffAnswersAreRefused() async throws {
        let f = try await Fixture.make()
        let (customer, admin, agent, ticket) = try await f.scene()
        let id = ticket.requiredID
        try await f.db.take(ticketId: id, by: agent)
        let key = try await f.db.mailReplyKey()
        for staff in [agent, admin] {
            await #expect(throws: MailReplyRefusal.unknownSender) {
                try await f.db.replyByMail(
                    recipients: [try Self.address(key, id, to: staff.email)], sender: staff.email, text: "Bob, can you take this?",
                    messageId: "staff-\(staff.requiredID)@mail.example", key: key)
            }
        }
        #expect(try await f.db.messages(ticketId: id, for: customer).allSatisfy { $0.body != "Bob, can you take this?" })
        #expect(try await f.db.outbox(recipient: customer.email).allSatisfy { $0.kind != .agentReplied })
    }

    @Test("only mails to a ticket's customer take answers by mail")
    func onlyCustomerMailsTakeAnswers() {
        #expect(MailKind.allCases.filter(\.takesAnswersByMail) == [
            .ticketReceived, .ticketAssignedCustomer, .agentReplied, .ticketResolved, .ticketMerged,
        ])
    }

    @Test("answers are refused from another sender, without a reply address, empty, by a deactivated account, on another customer's or a closed ticket; nothing is added")
    func refusalsAddNothing() async throws {
        let f = try await Fixture.make()
        let (customer, admin, agent, ticket) = try await f.scene()
        let id = ticket.requiredID
        let eve = try await f.customer("Eve")
        let key = try await f.db.mailReplyKey()
        let to = try Self.address(key, id, to: customer.email)
        let before = try await f.db.messages(ticketId: id, for: agent).count

        func refusal(_ recipients: [String], _ sender: String?, _ text: String = "Hello") async -> (any Error)? {
            do {
                _ = try await f.db.replyByMail(
                    recipients: recipients, sender: sender, text: text, messageId: UUID().uuidString, key: key)
                return nil
            } catch { return error }
        }
        // Another sender with the customer's address, a forged signature, no reply address, no sender, empty text
        #expect(await refusal([to], eve.email) as? MailReplyRefusal == .notFromRecipient)
        let forged = "support+r\(id)-" + String(repeating: "0", count: MailReplyKey.signatureLength) + "@care.example"
        #expect(await refusal([forged], customer.email) as? MailReplyRefusal == .notFromRecipient)
        #expect(await refusal(["support@care.example"], customer.email) as? MailReplyRefusal == .noReplyAddress)
        #expect(await refusal([to], nil) as? MailReplyRefusal == .notFromRecipient)
        #expect(await refusal([to], customer.email, "  \n ") as? MailReplyRefusal == .emptyText)
        // Eve signed for the ticket she cannot see (a key leak would not open another customer's ticket)
        let evesOwn = try Self.address(key, id, to: eve.email)
        #expect(await refusal([evesOwn], eve.email) is HelpdeskError)
        // An address nobody holds, signed for it
        let stranger = try Self.address(key, id, to: "nobody@example.com")
        #expect(await refusal([stranger], "nobody@example.com") as? MailReplyRefusal == .unknownSender)
        // A deactivated customer
        _ = try await f.db.deactivateCustomer(id: customer.requiredID, by: admin)
        #expect(await refusal([to], customer.email) as? MailReplyRefusal == .unknownSender)
        #expect(try await f.db.messages(ticketId: id, for: agent).count == before)
        // A closed ticket refuses its own customer's answer, as on the web
        let (bob, _, _, closedTicket) = try await Self.closedScene(f, admin: admin, agent: agent)
        let closedTo = try Self.address(key, closedTicket, to: bob.email)
        let closedRefusal = await refusal([closedTo], bob.email)
        guard case .invalidTransition = closedRefusal as? HelpdeskError else {
            Issue.record("a closed ticket took an answer: \(String(describing: closedRefusal))")
            return
        }
    }

    @Test("a customer's mail to the support address files a request like the form, once; strangers, staff and floods are refused")
    func mailToTheSupportAddressFilesARequest() async throws {
        let f = try await Fixture.make()
        let (customer, admin, agent, _) = try await f.scene()
        // When the customer writes to the support address
        let outcome = try await f.db.ticketByMail(
            sender: "ADA@example.com", subject: "  Scanner jams  ", text: "Every second page jams.", messageId: "new-1@mail.example")
        guard case .filed(let id) = outcome else { Issue.record("not filed: \(outcome)"); return }
        // Then a request is filed in their name, and they get the "received" mail, which takes answers by mail
        let ticket = try await f.db.ticket(id: id, for: customer)
        #expect(ticket.subject == "Scanner jams" && ticket.description == "Every second page jams." && ticket.status == .new)
        let received = try await f.lastMail(.ticketReceived, to: customer.email)
        #expect(received.payloadValues["ticketId"] == "\(id)" && received.kind.takesAnswersByMail)
        // And a second delivery files nothing
        #expect(try await f.db.ticketByMail(
            sender: customer.email, subject: "Scanner jams", text: "Every second page jams.", messageId: "new-1@mail.example")
            == .duplicate(ticketId: id))
        // Without a subject, the text's first line stands for it; a long one is cut
        guard case .filed(let untitled) = try await f.db.ticketByMail(
            sender: customer.email, subject: "", text: "Printer smells of smoke\nSince noon.", messageId: "new-2@mail.example")
        else { Issue.record("not filed"); return }
        #expect(try await f.db.ticket(id: untitled, for: customer).subject == "Printer smells of smoke")
        guard case .filed(let long) = try await f.db.ticketByMail(
            sender: customer.email, subject: String(repeating: "x", count: 300), text: "Long subject.", messageId: "new-3@mail.example")
        else { Issue.record("not filed"); return }
        #expect(try await f.db.ticket(id: long, for: customer).subject.count == 200)
        // Strangers, unconfirmed customers and staff are refused; an empty mail too
        try await f.db.register(name: "Una", email: "una@example.com", password: Fixture.password)
        for (sender, refusal) in [
            ("nobody@example.com", MailReplyRefusal.unknownSender), ("una@example.com", .unknownSender),
            (agent.email, .unknownSender), (admin.email, .unknownSender),
        ] {
            await #expect(throws: refusal) {
                try await f.db.checkMailSender(sender, ticketId: nil)
            }
            await #expect(throws: refusal) {
                try await f.db.ticketByMail(sender: sender, subject: "Hi", text: "Hello", messageId: UUID().uuidString)
            }
        }
        await #expect(throws: MailReplyRefusal.emptyText) {
            try await f.db.ticketByMail(sender: customer.email, subject: "Hi", text: " \n ", messageId: UUID().uuidString)
        }
        // A flood from one address stops at the hourly allowance, and starts again an hour later
        for i in 3..<AppDatabase.mailTicketsPerHour {
            _ = try await f.db.ticketByMail(sender: customer.email, subject: "Flood \(i)", text: "Again", messageId: "flood-\(i)")
        }
        await #expect(throws: MailReplyRefusal.tooManyRequests) {
            try await f.db.ticketByMail(sender: customer.email, subject: "One more", text: "Again", messageId: "flood-last")
        }
        f.clock.advance(by: 3_601)
        guard case .filed = try await f.db.ticketByMail(sender: customer.email, subject: "Later", text: "Again", messageId: "later")
        else { Issue.record("not filed an hour later"); return }
    }

    /// A customer Bob with a ticket the agent resolved and closed.
    static func closedScene(_ f: Fixture, admin: User, agent: User) async throws -> (User, User, User, Int64) {
        let bob = try await f.customer("Bob")
        let ticket = try await f.db.createTicket(by: bob, subject: "Scanner jams", description: "Every second page jams.")
        let id = ticket.requiredID
        try await f.db.assign(ticketId: id, to: agent.requiredID, by: admin)
        _ = try await f.db.resolve(ticketId: id, by: agent, with: .new(SolutionDraft(title: "Clean the rollers", steps: ["Wipe"])))
        try await f.db.changeStatus(ticketId: id, to: .closed, by: agent)
        return (bob, admin, agent, id)
    }
}

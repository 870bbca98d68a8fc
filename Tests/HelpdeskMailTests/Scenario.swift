import Foundation
import HelpdeskCore
import Testing
import TestSupport

@testable import HelpdeskMail

extension Fixture {
    /// Drives the core through a day of helpdesk life so that the outbox holds at least one mail of every kind.
    /// The agent's reply has lines that start with a dot, and the second ticket a non-ASCII subject.
    @discardableResult
    func everyKindOfMail() async throws -> [OutboxMail] {
        let customer = try await customer("Zoë", email: "zoe@example.com")  // confirmEmail
        try await db.register(name: "Zoë", email: "zoe@example.com", password: Self.password)  // registrationAttempt
        try await db.requestPasswordReset(email: "zoe@example.com")  // passwordReset
        _ = try await db.signIn(
            with: ProviderIdentity(
                provider: "google", providerTitle: "Google", subject: "zoe-at-google", email: "zoe@example.com",
                emailVerified: true, name: "Zoë")
        )  // identityLinked
        let admin = try await admin()
        // agentInvitation; the name checks HTML escaping.
        let agent = try await db.createAgent(by: admin, name: "Grace <Hopper>", email: "grace@care.example")
        let first = try await db.createTicket(
            by: customer,
            subject: "Printer is offline",
            description: "Since this morning the printer shows offline."
        )  // ticketReceived
        let second = try await db.createTicket(
            by: customer,
            subject: "Imprimante hors ligne — ça ne marche pas 🖨️",
            description: "Toujours pas."
        )  // ticketReceived
        _ = try await db.assign(ticketId: first.id!, to: agent.id!, by: admin)  // ticketAssignedCustomer and …Agent
        try await db.reply(to: first.id!, by: agent, body: Self.replyWithDots)  // agentReplied
        try await db.reply(to: first.id!, by: customer, body: Self.customerReply)  // customerReplied
        _ = try await db.merge(ticketId: second.id!, into: first.id!, by: admin)  // ticketMerged
        try await db.sendSLAWarnings(within: 30 * 86_400)  // slaWarning
        let (_, solution) = try await db.resolve(
            ticketId: first.id!,
            by: agent,
            with: .new(SolutionDraft(title: "Restart the printer", steps: ["Switch it off.", "Switch it on."]))
        )  // ticketResolved
        try await db.recordVerdict(ticketId: first.id!, by: customer, .notSolved)  // verdictNotSolved
        // Reopening needs a resolved ticket again: a second resolution (and a second verdict link).
        try await db.resolve(ticketId: first.id!, by: agent, with: .existing(id: solution.id!))  // ticketResolved
        try await db.reply(to: first.id!, by: customer, body: "Offline again since noon.")  // ticketReopened
        let mails = try await db.outbox()
        #expect(Set(mails.map(\.kind)) == Set(MailKind.allCases), "the scenario writes every kind of mail")
        return mails
    }

    /// A customer reply with markup and a link of its own, both of which the agent's mail must show as plain text.
    static let customerReply = "Still offline, the light blinks <red>.\nSee https://evil.example/fix for my photo."

    /// An agent reply whose lines would end or corrupt SMTP DATA without dot-stuffing.
    static let replyWithDots = "Please try this:\n.\n..two dots\n.hidden line\nThat should do it."
}

import Foundation
import HelpdeskCore
import Testing
import TestSupport

@testable import HelpdeskMail

/// A one-time token stays in plain text in the outbox only until its mail is delivered or given up on.
@Suite struct OutboxTokenRemovalTests {
    @Test("after delivery the row keeps no token, the .eml file keeps the link, and other mails keep their text")
    func deliveredMailLosesItsToken() async throws {
        let dataDirectory = try temporaryDirectory()
        let fixture = try Fixture()
        try await fixture.db.register(name: "Ada", email: "ada@example.com", password: Fixture.password)
        let before = try await fixture.lastMail(.confirmEmail, to: "ada@example.com")
        let token = try #require(before.payloadValues["token"])
        #expect(before.body.contains(token))
        let service = try MailDeliveryService.make(
            database: fixture.db, smtpURL: nil, dataDirectory: dataDirectory, baseURL: Fixture.baseURL)

        #expect(try await service.deliverPending().sent == 1)

        let after = try await fixture.lastMail(.confirmEmail, to: "ada@example.com")
        #expect(after.sentAt != nil)
        #expect(!after.body.contains(token) && !after.payload.contains(token))
        #expect(after.body == OutboxMail.deliveredLinkNote)
        #expect(after.payloadValues["token"] == nil && after.payloadValues["path"] == nil)
        #expect(after.payloadValues["userId"] == before.payloadValues["userId"])
        #expect(after.oneTimeLinkRemoved)
        #expect(after.id == before.id && after.subject == before.subject && after.recipient == before.recipient)
        #expect(after.kind == before.kind && after.createdAt == before.createdAt)
        // The link still works: only the stored copy is gone.
        let file = try String(contentsOf: dataDirectory.appendingPathComponent("outbox/\(before.id!).eml"), encoding: .utf8)
        #expect(file.contains("/confirm?token=\(token)"))
        let customer = try await fixture.db.confirmEmail(token: token)
        #expect(customer.isConfirmed)

        // A mail without a one-time link keeps its body after delivery.
        _ = try await fixture.db.createTicket(by: customer, subject: "Printer is offline", description: "It shows offline.")
        #expect(try await service.deliverPending().sent == 1)
        let received = try await fixture.lastMail(.ticketReceived, to: "ada@example.com")
        #expect(received.sentAt != nil && received.body.contains("Printer is offline") && !received.oneTimeLinkRemoved)
    }

    @Test("every kind of link is removed: reset, invitation and the verdict links of a resolution")
    func everyTokenBearingKind() async throws {
        let fixture = try Fixture()
        let mails = try await fixture.everyKindOfMail()
        let tokens = mails.compactMap { $0.payloadValues["token"] }
        #expect(tokens.count == 5, "confirmation, reset, invitation, two resolutions")
        let directory = try temporaryDirectory()

        let report = try await fixture.service(FileMailTransport(directory: directory)).deliverPending()

        #expect(report.sent == mails.count)
        for row in try await fixture.db.outbox() {
            for token in tokens {
                #expect(!row.body.contains(token) && !row.payload.contains(token), "\(row.kind) still holds a token")
            }
        }
        let resolved = try await fixture.lastMail(.ticketResolved, to: "zoe@example.com")
        #expect(resolved.payloadValues["solvedPath"] == nil && resolved.payloadValues["notSolvedPath"] == nil)
        #expect(resolved.payloadValues["ticketId"] != nil && resolved.subject.hasPrefix("Resolved:"))
    }

    @Test("a mail given up on loses its token too, and cannot be queued again without it")
    func abandonedMailLosesItsToken() async throws {
        let blocker = try temporaryDirectory().appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let fixture = try Fixture()
        let admin = try await fixture.admin()
        try await fixture.db.requestPasswordReset(email: "admin@example.com")
        let before = try await fixture.lastMail(.passwordReset, to: "admin@example.com")
        let token = try #require(before.payloadValues["token"])
        let service = fixture.service(
            FileMailTransport(directory: blocker.appendingPathComponent("outbox")), retry: RetryPolicy(maxAttempts: 2))

        #expect(try await service.deliverPending().deferred == 1)
        #expect(try await fixture.lastMail(.passwordReset, to: "admin@example.com").payloadValues["token"] == token)
        fixture.clock.advance(by: 3_600)
        #expect(try await service.deliverPending().failed == 1)

        let after = try await fixture.lastMail(.passwordReset, to: "admin@example.com")
        #expect(after.sentAt == nil && after.attempts == 2 && after.lastError != nil)
        #expect(!after.body.contains(token) && !after.payload.contains(token))
        #expect(after.body == OutboxMail.abandonedLinkNote)
        do {
            try await fixture.db.retryMail(id: after.id!, by: admin)
            Issue.record("a mail without its link was queued again")
        } catch let error as HelpdeskError {
            #expect(error.description.contains("new link"))
        }
    }
}

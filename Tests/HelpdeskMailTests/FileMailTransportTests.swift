import Foundation
import HelpdeskCore
import Logging
import Testing
import TestSupport

@testable import HelpdeskMail

@Suite struct FileMailTransportTests {
    @Test func writesOneEmlFilePerMailNamedByOutboxId() async throws {
        let dataDirectory = try temporaryDirectory()
        let fixture = try Fixture()
        try await fixture.db.register(name: "Ada", email: "ada@example.com", password: Fixture.password)
        // Read before delivery: a delivered row no longer holds the one-time token.
        let mail = try await fixture.lastMail(.confirmEmail, to: "ada@example.com")
        let service = try MailDeliveryService.make(
            database: fixture.db,
            smtpURL: nil,
            dataDirectory: dataDirectory,
            baseURL: Fixture.baseURL
        )

        let report = try await service.deliverPending()

        #expect(report.sent == 1)
        let file = dataDirectory.appendingPathComponent("outbox/\(mail.id!).eml")
        let raw = try String(contentsOf: file, encoding: .utf8)
        let token = try #require(mail.payloadValues["token"])
        #expect(raw.contains("\(Fixture.baseURL)/confirm?token=\(token)"), "the link is readable as it is")
        #expect(raw.contains("To: ada@example.com\r\n"))
        #expect(raw.contains("From: Customer Care Registry <no-reply@localhost>\r\n"))
        #expect(raw.contains("Subject: Confirm your e-mail address\r\n"))
        #expect(raw.contains("Message-ID: <outbox.\(mail.id!)."))
        #expect(try await fixture.unsent().isEmpty)
    }

    @Test func aBadSMTPURLIsReportedBeforeAnythingRuns() throws {
        let fixture = try Fixture()
        #expect(throws: SMTPConfigurationError.missingFrom) {
            try MailDeliveryService.make(
                database: fixture.db,
                smtpURL: "smtp://mail.example.com",
                dataDirectory: try temporaryDirectory(),
                baseURL: Fixture.baseURL
            )
        }
    }

    @Test func anUnwritableFolderDefersTheMail() async throws {
        let blocker = try temporaryDirectory().appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let fixture = try Fixture()
        try await fixture.customer()
        let service = fixture.service(FileMailTransport(directory: blocker.appendingPathComponent("outbox")))

        let report = try await service.deliverPending()

        #expect(report.deferred == 1)
        #expect(try await fixture.unsent().first?.attempts == 1)
    }
}

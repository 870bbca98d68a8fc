import Foundation
import HelpdeskCore
import Testing
import TestSupport

@testable import HelpdeskMail

/// Delivery through a real SMTP server (aiosmtpd) on loopback, with outbox rows written by real core operations.
@Suite(.enabled(if: SMTPTestServer.isAvailable, SMTPTestServer.skipMessage), .serialized)
struct SMTPDeliveryTests {
    @Test func everyKindOfMailArrivesWithRecipientSubjectAndLinks() async throws {
        // The mails first: on a busy machine writing them takes a while, and the server then starts right before use.
        let fixture = try Fixture()
        let mails = try await fixture.everyKindOfMail()
        let server = try await SMTPTestServer()
        defer { server.stop() }
        let service = fixture.service(try SMTPMailTransport(url: server.url()))

        let report = try await service.deliverPending()

        let errors = try await fixture.db.outbox().compactMap(\.lastError)
        #expect(report.sent == mails.count && report.deferred == 0 && report.failed == 0, "\(report) \(errors)")
        let received = try server.received()
        try #require(received.count == mails.count)
        for (mail, got) in zip(mails, received) {
            #expect(got.rcpt_tos == [mail.recipient], "\(mail.kind)")
            #expect(got.mail_from == "help@example.com")
            #expect(got.from == "Help Desk <help@example.com>")
            #expect(got.subject == mail.subject, "\(mail.kind): the subject round-trips")
            #expect(got.content_type == "multipart/alternative")
            #expect(got.message_id == "<outbox.\(mail.id!).\(Int(mail.createdAt.timeIntervalSince1970))@example.com>")
            #expect(got.long_lines.isEmpty && !got.bare_lf, "\(mail.kind): CRLF lines of at most 998 characters")
            let values = mail.payloadValues
            for path in [values["solvedPath"], values["notSolvedPath"], values["path"]].compactMap({ $0 }) {
                let url = Fixture.baseURL + path
                #expect(
                    got.plainText.contains(url) || mail.kind == .ticketResolved && path == values["path"],
                    "\(mail.kind) text links \(url)"
                )
                #expect(got.html?.contains("href=\"\(escapeHTML(url))\"") == true, "\(mail.kind) HTML links \(url)")
            }
        }
        let rows = try await fixture.db.outbox()
        #expect(rows.allSatisfy { $0.sentAt != nil && $0.attempts == 1 && $0.lastError == nil })
        #expect(try await service.deliverPending() == DeliveryReport(), "nothing is sent twice")
        #expect(try server.received().count == mails.count)
    }

    @Test func bodyLinesStartingWithADotSurviveDotStuffing() async throws {
        let server = try await SMTPTestServer()
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.everyKindOfMail()

        try await fixture.service(try SMTPMailTransport(url: server.url())).deliverPending()

        let reply = try #require(try server.received().first { $0.subject.hasPrefix("Re: Printer is offline") })
        #expect(reply.plainText.contains(Fixture.replyWithDots))
        #expect(reply.raw.contains("\r\n..\r\n...two dots\r\n..hidden line\r\n") == false, "the server un-stuffed")
        #expect(reply.raw.contains("\r\n.\r\n..two dots\r\n.hidden line\r\n"))
    }

    @Test func utf8SubjectsAndNamesRoundTrip() async throws {
        let server = try await SMTPTestServer()
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.everyKindOfMail()

        try await fixture.service(try SMTPMailTransport(url: server.url())).deliverPending()

        let received = try server.received()
        let french = try #require(received.first { $0.subject.contains("Imprimante") })
        #expect(french.subject == "We received your request: Imprimante hors ligne — ça ne marche pas 🖨️ [#2]")
        #expect(french.raw.contains("Subject: =?UTF-8?"))
        let welcome = try #require(received.first { $0.subject == "Confirm your e-mail address" })
        #expect(welcome.plainText.contains("Hello Zoë,"))
    }

    @Test(arguments: ["PLAIN", "LOGIN"])
    func authenticatesWith(mechanism: String) async throws {
        let server = try await SMTPTestServer(["--auth", "mailer:s3cr@t:x", "--auth-mechanisms", mechanism])
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.customer()

        let report = try await fixture.service(try SMTPMailTransport(url: server.url(user: "mailer:s3cr%40t%3Ax")))
            .deliverPending()

        #expect(report.sent == 1)
        #expect(try server.received().map(\.authenticated_as) == ["mailer"])
    }

    @Test func wrongPasswordKeepsTheMailPending() async throws {
        let server = try await SMTPTestServer(["--auth", "mailer:secret"])
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.customer()

        let report = try await fixture.service(try SMTPMailTransport(url: server.url(user: "mailer:wrong")))
            .deliverPending()

        #expect(report.deferred == 1)
        let row = try #require(try await fixture.unsent().first)
        #expect(row.attempts == 1)
        #expect(row.lastError?.contains("535") == true, "\(row.lastError ?? "")")
        #expect(try server.received().isEmpty)
    }

    @Test func credentialsAreNotSentWithoutTLSUnlessAllowed() async throws {
        let server = try await SMTPTestServer(["--auth", "mailer:secret"])
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.customer()

        let report = try await fixture.service(
            try SMTPMailTransport(url: server.url(user: "mailer:secret", "starttls=opportunistic"))
        ).deliverPending()

        #expect(report.deferred == 1)
        #expect(try await fixture.unsent().first?.lastError?.contains("refusing to send credentials") == true)
    }

    @Test func temporaryFailureIsRetriedAndArrivesOnce() async throws {
        let server = try await SMTPTestServer(["--tempfail-first", "1"])
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.customer()
        let service = fixture.service(try SMTPMailTransport(url: server.url()))

        let first = try await service.deliverPending()
        #expect(first.deferred == 1 && first.sent == 0)
        var row = try #require(try await fixture.unsent().first)
        #expect(row.attempts == 1)
        #expect(row.lastError?.contains("451") == true)

        #expect(try await service.deliverPending() == DeliveryReport(), "waits for its back-off")
        fixture.clock.advance(by: 61)
        let second = try await service.deliverPending()

        #expect(second.sent == 1)
        #expect(try server.received().count == 1, "exactly once")
        row = try #require(try await fixture.db.outbox().first)
        #expect(row.sentAt != nil && row.attempts == 2 && row.lastError == nil)
    }

    @Test func serverDownLosesNothingAndDeliversWhenItComesUp() async throws {
        let port = try SMTPTestServer.freePort()
        let fixture = try Fixture()
        try await fixture.customer()
        let url = "smtp://127.0.0.1:\(port)?from=help@example.com&starttls=never&timeout=5"
        let service = fixture.service(try SMTPMailTransport(url: url))

        let down = try await service.deliverPending()

        #expect(down.deferred == 1)
        let row = try #require(try await fixture.unsent().first)
        #expect(row.attempts == 1 && row.sentAt == nil)
        #expect(row.lastError?.contains("connecting to 127.0.0.1:\(port)") == true, "\(row.lastError ?? "")")

        let server = try await SMTPTestServer(port: port)
        defer { server.stop() }
        fixture.clock.advance(by: 61)
        let up = try await service.deliverPending()

        #expect(up.sent == 1)
        #expect(try server.received().map(\.rcpt_tos) == [["ada@example.com"]])
        #expect(try await fixture.unsent().isEmpty)
    }

    @Test func aRestartRetriesWhatWasNotMarkedSentAtOnce() async throws {
        let port = try SMTPTestServer.freePort()
        let fixture = try Fixture()
        try await fixture.customer()
        let url = "smtp://127.0.0.1:\(port)?from=help@example.com&starttls=never&timeout=5"
        #expect(try await fixture.service(try SMTPMailTransport(url: url)).deliverPending().deferred == 1)

        // The process dies; a new worker (its back-off memory empty) starts with the server up again.
        let server = try await SMTPTestServer(port: port)
        defer { server.stop() }
        let restarted = fixture.service(try SMTPMailTransport(url: url))
        let report = try await restarted.deliverPending()

        #expect(report.sent == 1)
        #expect(try server.received().count == 1)
        #expect(try await fixture.db.outbox().first?.attempts == 2)
    }

    @Test func givesUpAfterTheLastAttempt() async throws {
        let port = try SMTPTestServer.freePort()
        let fixture = try Fixture()
        try await fixture.customer()
        let url = "smtp://127.0.0.1:\(port)?from=help@example.com&starttls=never&timeout=5"
        let service = fixture.service(try SMTPMailTransport(url: url), retry: RetryPolicy(maxAttempts: 2))

        #expect(try await service.deliverPending().deferred == 1)
        fixture.clock.advance(by: 3_600)
        #expect(try await service.deliverPending().failed == 1)

        let row = try #require(try await fixture.db.outbox().first)
        #expect(row.sentAt == nil && row.attempts == 2 && row.lastError != nil)
        #expect(try await fixture.db.pendingMails(maxAttempts: 2).isEmpty)
    }

    @Test func concurrentRoundsNeverSendAMailTwice() async throws {
        let server = try await SMTPTestServer()
        defer { server.stop() }
        let fixture = try Fixture()
        let mails = try await fixture.everyKindOfMail()
        let service = fixture.service(try SMTPMailTransport(url: server.url()))

        async let first = service.deliverPending()
        async let second = service.deliverPending()
        async let third = service.deliverPending()
        let reports = try await [first, second, third]

        #expect(reports.map(\.sent).reduce(0, +) == mails.count)
        let received = try server.received()
        #expect(received.count == mails.count)
        #expect(Set(received.map(\.message_id)).count == mails.count, "each mail once")
    }

    @Test func fallsBackToHELO() async throws {
        let server = try await SMTPTestServer(["--no-ehlo"])
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.customer()

        let report = try await fixture.service(try SMTPMailTransport(url: server.url())).deliverPending()

        #expect(report.sent == 1)
        #expect(try server.received().map(\.rcpt_tos) == [["ada@example.com"]])
    }

    @Test func rejectedRecipientFailsForGoodAndTheNextMailStillGoes() async throws {
        let server = try await SMTPTestServer(["--reject-rcpt", "nobody"])
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.db.register(name: "Nobody", email: "nobody@example.com", password: Fixture.password)
        try await fixture.db.register(name: "Ada", email: "ada@example.com", password: Fixture.password)
        let retry = RetryPolicy(maxAttempts: 5)
        let service = fixture.service(try SMTPMailTransport(url: server.url()), retry: retry)

        let report = try await service.deliverPending()

        #expect(report.failed == 1 && report.sent == 1)
        let failed = try #require(try await fixture.db.outbox(recipient: "nobody@example.com").first)
        #expect(failed.sentAt == nil && failed.attempts == retry.maxAttempts)
        #expect(failed.lastError?.contains("550 5.1.1") == true, "\(failed.lastError ?? "")")
        #expect(try await fixture.db.pendingMails(maxAttempts: retry.maxAttempts).isEmpty)
        #expect(try server.received().map(\.rcpt_tos) == [["ada@example.com"]])
        fixture.clock.advance(by: 86_400)
        #expect(try await service.deliverPending() == DeliveryReport(), "a failed mail is not retried")
    }

    @Test func startTLSRequiredIsRefusedWhenNotOffered() async throws {
        let server = try await SMTPTestServer()
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.customer()

        let report = try await fixture.service(try SMTPMailTransport(url: server.url("starttls=required")))
            .deliverPending()

        #expect(report.deferred == 1)
        #expect(try await fixture.unsent().first?.lastError?.contains("STARTTLS") == true)
        #expect(try server.received().isEmpty)
    }

    @Test(.enabled(if: SMTPTestServer.hasOpenSSL, "needs openssl to make a test certificate"))
    func startTLSWithAuthentication() async throws {
        let directory = try temporaryDirectory()
        let (cert, key) = try SMTPTestServer.makeCertificate(in: directory)
        let server = try await SMTPTestServer(["--starttls", cert, key, "--auth", "mailer:secret"])
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.customer()
        let url = server.url(user: "mailer:secret", "starttls=required&cafile=\(cert)")

        let report = try await fixture.service(try SMTPMailTransport(url: url)).deliverPending()

        #expect(report.sent == 1)
        let received = try server.received()
        #expect(received.map(\.tls) == [true])
        #expect(received.map(\.authenticated_as) == ["mailer"])
    }

    @Test(.enabled(if: SMTPTestServer.hasOpenSSL, "needs openssl to make a test certificate"))
    func implicitTLS() async throws {
        let directory = try temporaryDirectory()
        let (cert, key) = try SMTPTestServer.makeCertificate(in: directory)
        let server = try await SMTPTestServer(["--implicit-tls", cert, key])
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.customer()
        let url = "smtps://127.0.0.1:\(server.port)?from=help@example.com&cafile=\(cert)"

        let report = try await fixture.service(try SMTPMailTransport(url: url)).deliverPending()

        #expect(report.sent == 1)
        #expect(try server.received().map(\.tls) == [true])
    }

    @Test(.enabled(if: SMTPTestServer.hasOpenSSL, "needs openssl to make a test certificate"))
    func untrustedCertificateIsRefused() async throws {
        let directory = try temporaryDirectory()
        let (cert, key) = try SMTPTestServer.makeCertificate(in: directory)
        let server = try await SMTPTestServer(["--starttls", cert, key])
        defer { server.stop() }
        let fixture = try Fixture()
        try await fixture.customer()

        let report = try await fixture.service(try SMTPMailTransport(url: server.url("starttls=required")))
            .deliverPending()

        #expect(report.deferred == 1)
        #expect(try server.received().isEmpty)
        #expect(try await fixture.unsent().first?.lastError != nil)
    }

    @Test func runDeliversUntilCancelled() async throws {
        let server = try await SMTPTestServer()
        defer { server.stop() }
        let fixture = try Fixture()
        let service = fixture.service(try SMTPMailTransport(url: server.url()))
        let worker = Task { await service.run(pollInterval: .milliseconds(50)) }

        try await fixture.customer()
        for _ in 0..<200 where try await !fixture.unsent().isEmpty {
            try await Task.sleep(for: .milliseconds(50))
        }
        worker.cancel()
        await worker.value
        let received = try server.received()

        #expect(received.count == 1)
        #expect(try await fixture.unsent().isEmpty)
    }
}

import Foundation
import HelpdeskCore
import Testing
import TestSupport

/// `care mail-in`, run as the built binary with a mail on standard input, as a mail system runs it.
@Suite("Mail-in command")
struct MailInCommandTests {
    /// A plain mail from `from` to `to`.
    static func mail(from: String, to: String, text: String, id: String) -> String {
        """
        From: <\(from)>\r
        To: <\(to)>\r
        Subject: Re: Printer is offline\r
        Message-ID: <\(id)>\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        \(text)\r

        """
    }

    @Test(
        "an answer is taken into its ticket and a new request filed with exit 0; a stranger, a wrong sender, an unreadable mail and a closed ticket get their sysexits status and reason",
        .enabled(if: CareBinary.missing == nil, Comment(rawValue: "command-line test skipped: \(CareBinary.missing ?? "")")),
        .enabled(if: TestStore.sqliteRunOnly == nil, Comment(rawValue: TestStore.sqliteRunOnly ?? "")),
        .timeLimit(.minutes(6))
    )
    func mailInCommand() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("care-mail-in-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Given a customer with an open ticket and another whose ticket is closed, in the folder care serve would use
        let f = try Fixture(file: folder + "/care.sqlite")
        let ada = try await f.customer("Ada")
        let admin = try await f.admin()
        let agent = try await f.agent(by: admin)
        let open = try await f.db.createTicket(by: ada, subject: "Printer is offline", description: "It shows offline.")
        let bob = try await f.customer("Bob")
        let closed = try await f.db.createTicket(by: bob, subject: "Scanner jams", description: "Every page jams.")
        _ = try await f.db.assign(ticketId: closed.requiredID, to: agent.requiredID, by: admin)
        _ = try await f.db.resolve(
            ticketId: closed.requiredID, by: agent, with: .new(SolutionDraft(title: "Clean the rollers", steps: ["Wipe"])))
        try await f.db.changeStatus(ticketId: closed.requiredID, to: .closed, by: agent)
        let key = try await f.db.mailReplyKey()
        let to = try #require(key.replyAddress(base: "support@care.example", ticketId: open.requiredID, recipient: ada.email))
        let data = ["--data", folder]

        // When Ada's answer is piped in, Then it is added, and again it is a duplicate
        let answer = Self.mail(from: ada.email, to: to, text: "It works again, thanks!", id: "a1@mail.example")
        let taken = try await runCare(["mail-in"] + data, input: answer)
        #expect(taken.status == 0 && taken.output.contains("added to ticket #\(open.requiredID)"), "\(taken.output)")
        let repeated = try await runCare(["mail-in"] + data, input: answer)
        #expect(repeated.status == 0 && repeated.output.contains("already taken into ticket #\(open.requiredID)"), "\(repeated.output)")
        #expect(try await f.db.messages(ticketId: open.requiredID, for: agent).last?.body == "It works again, thanks!")

        // When Ada writes to the support address itself, Then a new request is filed
        let fresh = try await runCare(
            ["mail-in"] + data, input: Self.mail(from: ada.email, to: "support@care.example", text: "The scanner jams.", id: "a2@mail.example"))
        #expect(fresh.status == 0 && fresh.output.contains("filed as request #"), "\(fresh.output)")
        // When someone without an account does, Then 67, saying why
        let unknown = try await runCare(
            ["mail-in"] + data, input: Self.mail(from: "eve@example.com", to: "support@care.example", text: "Hi", id: "e0@mail.example"))
        #expect(unknown.status == 67 && unknown.output.contains("No active account"), "\(unknown.output)")
        // When someone else writes to Ada's address, Then 67 (no such recipient for them), saying why
        let stranger = try await runCare(
            ["mail-in"] + data, input: Self.mail(from: "eve@example.com", to: to, text: "Hi", id: "e1@mail.example"))
        #expect(stranger.status == 67 && stranger.output.contains("only takes answers from the address"), "\(stranger.output)")
        // When the input is not a mail, Then 65
        let garbage = try await runCare(["mail-in"] + data, input: "not a mail at all")
        #expect(garbage.status == 65 && garbage.output.contains("mail-in:"), "\(garbage.output)")
        // When Bob answers his closed ticket's mail, Then 77, saying the ticket is closed
        let bobs = try #require(key.replyAddress(base: "support@care.example", ticketId: closed.requiredID, recipient: bob.email))
        let late = try await runCare(
            ["mail-in"] + data, input: Self.mail(from: bob.email, to: bobs, text: "One more thing", id: "b1@mail.example"))
        #expect(late.status == 77 && late.output.contains("closed"), "\(late.output)")
        // And nothing but Ada's answer was added
        #expect(try await f.db.messages(ticketId: closed.requiredID, for: agent).allSatisfy { $0.body != "One more thing" })
    }
}

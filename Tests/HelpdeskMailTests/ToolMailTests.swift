import Foundation
import HelpdeskCore
import Testing
import TestSupport

@testable import HelpdeskMail

/// Mails written by the command-line tools, whose core has no base URL, delivered by a server that has one.
@Suite struct ToolMailTests {
    @Test func bareLinksFromToolsBecomeAbsolute() async throws {
        // Given a confirmation mail written with bare paths (no base URL in the writing process)
        let fixture = try Fixture()
        try await fixture.customer()
        let mail = try await fixture.lastMail(.confirmEmail, to: "ada@example.com")
        let path = try #require(mail.payloadValues["path"])
        #expect(mail.body.contains(" " + path) || mail.body.contains("\n" + path))
        // When a server whose own core writes absolute links renders it
        let rendered = MailTemplates(baseURL: Fixture.baseURL, coreBaseURL: "http://localhost:8080").render(mail)
        // Then the text carries the absolute link and no relative one is left
        #expect(rendered.text.contains(Fixture.baseURL + path))
        #expect(!rendered.text.contains("\n" + path) && !rendered.text.contains(" " + path))
    }
}

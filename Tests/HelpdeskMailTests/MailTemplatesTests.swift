import Foundation
import HelpdeskCore
import Testing
import TestSupport

@testable import HelpdeskMail

@Suite struct MailTemplatesTests {
    @Test func everyKindHasAbsoluteLinksFromThePayload() async throws {
        let fixture = try Fixture()
        let templates = MailTemplates(baseURL: Fixture.baseURL + "/")
        for mail in try await fixture.everyKindOfMail() {
            let rendered = templates.render(mail)
            let values = mail.payloadValues
            #expect(rendered.subject == mail.subject)
            let expected = [values["solvedPath"], values["notSolvedPath"], values["path"]].compactMap { $0 }
            for path in expected {
                let url = Fixture.baseURL + path
                #expect(rendered.links.contains(url), "\(mail.kind): \(url)")
                #expect(rendered.html.contains("href=\"\(escapeHTML(url))\""), "\(mail.kind) HTML links \(url)")
            }
            let textLinks = expected.filter { rendered.text.contains(Fixture.baseURL + $0) }
            #expect(!textLinks.isEmpty, "\(mail.kind) text has an absolute link")
            #expect(!rendered.text.contains(" /"), "\(mail.kind): no relative link is left in the text")
        }
    }

    @Test func resolvedMailOffersBothVerdicts() async throws {
        let fixture = try Fixture()
        let mails = try await fixture.everyKindOfMail()
        let resolved = try #require(mails.first { $0.kind == .ticketResolved })
        let rendered = MailTemplates(baseURL: Fixture.baseURL).render(resolved)
        let token = try #require(resolved.payloadValues["token"])
        #expect(
            rendered.links.prefix(2) == [
                "\(Fixture.baseURL)/tickets/1/verdict?token=\(token)&solved=yes",
                "\(Fixture.baseURL)/tickets/1/verdict?token=\(token)&solved=no",
            ]
        )
        #expect(rendered.html.contains("Yes, it is solved") && rendered.html.contains("No, I still need help"))
    }

    @Test func identityLinkedMailNamesTheProviderAndOffersAPasswordReset() async throws {
        let fixture = try Fixture()
        let mails = try await fixture.everyKindOfMail()
        let linked = try #require(mails.first { $0.kind == .identityLinked })
        let rendered = MailTemplates(baseURL: Fixture.baseURL).render(linked)
        #expect(linked.recipient == "zoe@example.com")
        #expect(rendered.subject == "Google sign-in was linked to your account")
        #expect(rendered.html.contains(">Google sign-in was linked to your account</h1>"))
        #expect(rendered.html.contains("Reset my password</a>"))
        #expect(rendered.links.first == Fixture.baseURL + "/forgot-password")
        #expect(rendered.text.contains("If this wasn't you, reset your password here:\n\(Fixture.baseURL)/forgot-password"))
    }

    @Test func valuesAreEscapedInHTML() async throws {
        let fixture = try Fixture()
        let mails = try await fixture.everyKindOfMail()
        let invitation = try #require(mails.first { $0.kind == .agentInvitation })
        let html = MailTemplates(baseURL: Fixture.baseURL).render(invitation).html
        #expect(html.contains("Grace &lt;Hopper&gt;"))
        #expect(!html.contains("<Hopper>"))
        #expect(escapeHTML("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    @Test func customerActivityMailsQuoteTheCustomerAndOpenTheAgentPage() async throws {
        let fixture = try Fixture()
        let mails = try await fixture.everyKindOfMail()
        let templates = MailTemplates(baseURL: Fixture.baseURL)
        let headings: [MailKind: String] = [
            .customerReplied: "The customer replied on #1",
            .ticketReopened: "The customer reopened #1",
            .verdictNotSolved: "Not solved: the customer answered on #1",
        ]
        for (kind, heading) in headings {
            let mail = try #require(mails.first { $0.kind == kind }, "no \(kind) mail")
            let rendered = templates.render(mail)
            #expect(mail.recipient == "grace@care.example", "\(kind) goes to the assignee")
            #expect(rendered.subject.hasSuffix(": Printer is offline [#1]"), "\(kind) names the ticket")
            #expect(rendered.html.contains(">\(heading)</h1>"))
            #expect(rendered.links.first == Fixture.baseURL + "/agent/tickets/1")
            #expect(rendered.html.contains("Open ticket #1</a>"))
            #expect(rendered.text.contains("Open the ticket: \(Fixture.baseURL)/agent/tickets/1"))
        }
        let replied = templates.render(try #require(mails.first { $0.kind == .customerReplied }))
        #expect(replied.text.contains("Zoë replied on ticket #1 \"Printer is offline\":"))
        #expect(replied.text.contains("> Still offline, the light blinks <red>.\n> See https://evil.example/fix for my photo."))
        #expect(replied.html.contains("&gt; Still offline, the light blinks &lt;red&gt;."))
        #expect(!replied.html.contains("href=\"https://evil.example"), "a link in the customer's words is not made clickable")
        let reopened = templates.render(try #require(mails.first { $0.kind == .ticketReopened }))
        #expect(reopened.text.contains("> Offline again since noon."))
        let notSolved = templates.render(try #require(mails.first { $0.kind == .verdictNotSolved }))
        #expect(notSolved.text.contains("says the solution \"Restart the printer\" did not solve ticket #1"))
    }

    @Test func linksThatTheCoreAlreadyMadeAbsoluteAreKept() async throws {
        let fixture = try Fixture(coreBaseURL: "http://localhost:8080")
        try await fixture.customer()
        let mail = try await fixture.lastMail(.confirmEmail, to: "ada@example.com")
        let rendered = MailTemplates(baseURL: Fixture.baseURL, coreBaseURL: "http://localhost:8080").render(mail)
        let path = try #require(mail.payloadValues["path"])
        #expect(rendered.text.contains(Fixture.baseURL + path))
        #expect(!rendered.text.contains("localhost:8080"))
    }
}

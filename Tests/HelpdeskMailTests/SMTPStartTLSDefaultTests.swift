import Foundation
import Testing
import TestSupport

@testable import HelpdeskMail

/// Without a `starttls` parameter, mail to another machine is never sent in plain text; a server on this machine
/// keeps the opportunistic upgrade.
@Suite struct SMTPStartTLSDefaultTests {
    static let from = "from=help%40example.com"

    @Test(
        "a remote server requires STARTTLS unless the URL opts out",
        arguments: [
            "mail.example.com", "mail.example.com:587", "10.0.0.5", "192.168.1.20:25", "[2001:db8::1]",
            "127.0.0.1.example.com", "localhost.example.com", "128.0.0.1", "[::2]", "[::ffff:127.0.0.1]",
        ])
    func remoteHostsRequireTLS(authority: String) throws {
        let configuration = try SMTPConfiguration(url: "smtp://\(authority)?\(Self.from)")
        #expect(configuration.security == .startTLS(.required))
        #expect(configuration.description.contains("starttls=required"))
    }

    @Test(
        "a server on this machine keeps the opportunistic upgrade",
        arguments: ["localhost", "LOCALHOST:2525", "localhost.", "127.0.0.1", "127.1.2.3:25", "[::1]", "[0:0:0:0:0:0:0:1]"])
    func loopbackHostsStayOpportunistic(authority: String) throws {
        let configuration = try SMTPConfiguration(url: "smtp://\(authority)?\(Self.from)")
        #expect(configuration.security == .startTLS(.opportunistic))
    }

    @Test("the URL can still opt out explicitly, and smtps:// stays implicit TLS")
    func explicitChoicesWin() throws {
        let opportunistic = try SMTPConfiguration(url: "smtp://mail.example.com?\(Self.from)&starttls=opportunistic")
        #expect(opportunistic.security == .startTLS(.opportunistic))
        let never = try SMTPConfiguration(url: "smtp://mail.example.com?\(Self.from)&starttls=never")
        #expect(never.security == .startTLS(.never))
        let required = try SMTPConfiguration(url: "smtp://localhost?\(Self.from)&starttls=required")
        #expect(required.security == .startTLS(.required))
        let implicit = try SMTPConfiguration(url: "smtps://mail.example.com?\(Self.from)")
        #expect(implicit.security == .implicitTLS)
    }

    @Test("a configuration built from its parts follows the same default")
    func memberwiseDefault() throws {
        let sender = try MailAddress("help@example.com")
        #expect(SMTPConfiguration(host: "mail.example.com", port: 587, from: sender).security == .startTLS(.required))
        #expect(SMTPConfiguration(host: "127.0.0.1", port: 2525, from: sender).security == .startTLS(.opportunistic))
    }
}

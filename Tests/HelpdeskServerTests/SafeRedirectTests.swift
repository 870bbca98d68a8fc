import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// Where a browser goes after signing in (`next`): only a path on this origin, whatever a browser would make of it.
@Suite struct SafeRedirectTests {
    /// Values that would leave the site once a browser normalises them (or that a proxy could decode into one).
    static let hostile: [String] = [
        "//evil.example",
        "///evil.example",
        "//evil.example/tickets",
        "/\\evil.example",
        "\\\\evil.example",
        "/tickets\\..\\..\\evil",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "\t//evil.example",
        " //evil.example",
        "/ /evil.example",
        "/\u{0}//evil.example",
        "/\u{7F}/evil.example",
        "/\u{3000}/evil.example",
        "／／evil.example",
        "https://evil.example",
        "http://evil.example/tickets",
        "HTTPS:evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "evil.example",
        "%2F%2Fevil.example",
        "%2f%2fevil.example",
        "/%2F/evil.example",
        "/%2F%2Fevil.example",
        "/%5Cevil.example",
        "%5C%5Cevil.example",
        "/%09/evil.example",
        "/%0d%0a/evil.example",
        "/tickets%0d%0aSet-Cookie:%20care_session=stolen",
        "/%252F%252Fevil.example",
        "/%25252F%25252Fevil.example",
        "/%5c/evil.example",
        "/" + String(repeating: "a", count: 2_001),
    ]

    /// Local paths that keep working.
    static let local: [String] = [
        "/tickets/3", "/agent?x=1", "/tickets/new", "/tickets?status=open&sort=new", "/help/SOL-0001",
        "/" + String(repeating: "a", count: 1_999),
    ]

    @Test func theRuleRefusesEveryHostileValueAndKeepsLocalPaths() {
        #expect(Self.hostile.count >= 20)
        for value in Self.hostile {
            #expect(safeNext(value) == "/", "\(value.debugDescription) must not be a redirect target")
        }
        for value in Self.local { #expect(safeNext(value) == value) }
        #expect(safeNext(nil) == "/")
        #expect(safeNext("") == "/")
    }

    @Test func signingInWithTheLoginFormGoesOnlyToLocalPaths() async throws {
        try await TestEnvironment.run(corpus: false) { client, env in
            let customer = try await env.customer(client, name: "Nora Next")
            let email = try #require(customer.user?.email)
            for value in Self.hostile {
                let response = try await env.form(
                    client, "/login", [("email", email), ("password", TestData.password), ("next", value)], as: .anonymous)
                #expect(response.status == .seeOther, "\(value.debugDescription)")
                #expect(response.headers[.location] == "/tickets", "\(value.debugDescription) must lead home")
                // The login page does not carry it along either.
                let page = try await env.page(client, "/login?next=" + TestEnvironment.encode(value), as: .anonymous)
                #expect(String(buffer: page.body).contains(#"name="next" value="/""#), "\(value.debugDescription)")
            }
            for value in Self.local {
                let response = try await env.form(
                    client, "/login", [("email", email), ("password", TestData.password), ("next", value)], as: .anonymous)
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == value)
            }
            // A refused sign-in does not redirect at all.
            let wrong = try await env.form(
                client, "/login", [("email", email), ("password", "Wrong-Passw0rd"), ("next", "//evil.example")],
                as: .anonymous)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.location] == nil)
        }
    }

    @Test func signingInWithAProviderGoesOnlyToLocalPaths() async throws {
        try await SignInTests().withProvider { dance in
            // Every value goes through the same rule as the login form above; a sample of each kind (protocol-relative,
            // backslash, control character, encoded, absolute, script) makes the whole provider round trip, which
            // keeps this test short enough for a busy machine.
            for value in Self.hostile.enumerated().filter({ $0.offset % 4 == 0 }).map(\.element) {
                let outcome = try await dance.signIn(start: "/auth/test?next=" + TestEnvironment.encode(value))
                #expect(outcome.response.status == .seeOther, "\(value.debugDescription)")
                #expect(outcome.response.headers[.location] == "/tickets", "\(value.debugDescription) must lead home")
            }
            for value in ["/tickets/3", "/agent?x=1"] {
                let outcome = try await dance.signIn(start: "/auth/test?next=" + TestEnvironment.encode(value))
                #expect(outcome.response.headers[.location] == value)
            }
        }
    }
}

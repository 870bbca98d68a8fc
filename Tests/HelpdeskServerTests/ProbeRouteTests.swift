import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TestSupport

@testable import HelpdeskServer

/// The health check and the assets skip what they do not need: no client address, no per-route metrics, no session (no `Set-Cookie`, even
/// for a browser that brings a stale session cookie), no identity is looked up, and no log line is written per
/// request, while other routes keep all of it.
@Suite struct ProbeRouteTests {
    @Test func healthAndAssetsSkipSessionsAndRequestLogs() async throws {
        let capture = LogCapture()
        let logger = capture.logger()
        try await TestEnvironment.run(corpus: false, logger: logger) { client, env in
            let stale: HTTPFields = [.cookie: "\(AppServices.sessionCookie)=no-such-session", .authorization: "Bearer nope"]
            let health = try await client.execute(uri: "/health", method: .get, headers: stale)
            #expect(health.status == .ok)
            #expect(health.headers[.setCookie] == nil)
            let asset = try await client.execute(uri: "/assets/app.css", method: .get, headers: stale)
            #expect(asset.status == .ok)
            #expect(asset.headers[.setCookie] == nil)
            // A bad API token on a page route is refused: the identity is still checked everywhere else.
            let api = try await client.execute(uri: "/api/v1/session", method: .get, headers: stale)
            #expect(api.status == .unauthorized)
            // The login page starts an anonymous session for its CSRF token.
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(login.headers[.setCookie] != nil)
        }
        let lines = capture.lines.filter { $0.hasPrefix("Request ") }
        #expect(!lines.contains { $0.contains("/health") || $0.contains("/assets/") })
        #expect(lines.contains { $0.contains("hb.request.path=/login") })
    }
}

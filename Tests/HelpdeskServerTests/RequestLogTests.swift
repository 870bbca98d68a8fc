import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
import TestSupport

@testable import HelpdeskServer

/// Request logs name the route, the status and the time taken, never a one-time token or an OpenID Connect code.
@Suite struct RequestLogTests {
    typealias Redactor = RequestLogMiddleware<AppRequestContext>

    @Test(
        "secret query values are replaced, everything else stays",
        arguments: [
            ("/accounts/confirm?token=abc&x=1", "/accounts/confirm?token=REDACTED&x=1"),
            ("/confirm?token=abc", "/confirm?token=REDACTED"),
            ("/auth/google/callback?code=4%2F0Ab&state=xyz&scope=openid", "/auth/google/callback?code=REDACTED&state=REDACTED&scope=openid"),
            ("/tickets/7/verdict?token=s3cret&solved=no", "/tickets/7/verdict?token=REDACTED&solved=no"),
            (
                "/x?access_token=a&id_token=b&Token=c&TOKEN=d&resetToken=e",
                "/x?access_token=REDACTED&id_token=REDACTED&Token=REDACTED&TOKEN=REDACTED&resetToken=REDACTED"
            ),
            ("/x?%74oken=a&CODE=b", "/x?%74oken=REDACTED&CODE=REDACTED"),
            ("/x?a=1&&token=&b", "/x?a=1&&token=REDACTED&b"),
            ("/help?q=reset+token&page=2", "/help?q=reset+token&page=2"),
            ("/x?tokens=1&codes=2&statement=3&token", "/x?tokens=1&codes=2&statement=3&token"),
            ("/health", "/health"),
            ("/help?", "/help?"),
        ])
    func redaction(target: String, expected: String) {
        #expect(Redactor.redacted(target) == expected)
    }

    @Test("a long target is cut in the log line, saying how long it was; a short one is kept whole")
    func longTargetsAreCut() {
        let long = "/help?q=" + String(repeating: "é", count: 40_000)
        let logged = Redactor.shortened(long)
        #expect(logged.utf8.count < Redactor.maximumLoggedTarget + 40)
        #expect(logged.hasPrefix("/help?q=é") && logged.hasSuffix("…(\(long.utf8.count) bytes)"))
        #expect(Redactor.shortened("/help?q=printer") == "/help?q=printer")
    }

    @Test("a request through the router logs method, path, status and duration, and no secret")
    func routerLogsNoSecret() async throws {
        let capture = LogCapture()
        let logger = capture.logger()
        try await TestEnvironment.run(corpus: false, logger: logger) { client, env in
            try await env.database.register(name: "Lia", email: "lia@customer.test", password: TestData.password)
            let token = try #require(try await env.database.outbox(recipient: "lia@customer.test").last?.payloadValues["token"])
            let confirmed = try await env.page(client, "/confirm?token=\(token)&from=mail", as: .anonymous)
            #expect(confirmed.status == .seeOther)
            _ = try await env.page(client, "/auth/google/callback?code=c0de-SECRET&state=st4te-SECRET", as: .anonymous)
            _ = try await env.page(client, "/reset-password?token=r3set-SECRET", as: .anonymous)
            #expect(!capture.lines.contains { $0.contains(token) }, "the confirmation token is not logged")
        }

        let lines = capture.lines.filter { $0.hasPrefix("Request ") }
        #expect(lines.count >= 3)
        #expect(!capture.lines.contains { $0.contains("SECRET") })
        for line in capture.lines {
            var rest = line[...]
            while let found = rest.range(of: "token=") {
                rest = rest[found.upperBound...]
                #expect(rest.hasPrefix("REDACTED"), "\(line)")
            }
        }
        let confirm = try #require(lines.first { $0.contains("/confirm?") })
        #expect(confirm.contains("hb.request.path=/confirm?token=REDACTED&from=mail"))
        #expect(confirm.contains("hb.request.method=GET"))
        #expect(confirm.contains("hb.response.status=303"))
        #expect(confirm.contains("hb.request.duration="))
        #expect(lines.contains { $0.contains("/auth/google/callback?code=REDACTED&state=REDACTED") })
        #expect(lines.contains { $0.contains("/reset-password?token=REDACTED") })
    }

    @Test("the server's log lines carry the logger's and the line's metadata as swift-log's stream handler writes them")
    func deferredMetadataLines() {
        let deferred = LineStream(), plain = LineStream()
        func logger(_ handler: some LogHandler) -> Logger {
            var logger = Logger(label: "care") { _ in handler }
            logger.logLevel = .info
            logger[metadataKey: "hb.request.id"] = "7f3a"
            logger[metadataKey: "user"] = "12"
            return logger
        }
        let a = logger(DeferredMetadataLogHandler(StreamLogHandler(label: "care", stream: deferred, metadataProvider: nil)))
        let b = logger(StreamLogHandler(label: "care", stream: plain, metadataProvider: nil))
        for l in [a, b] {
            l.info("Request", metadata: ["user": "13", "hb.response.status": "200"])
            l.debug("below the level")
            l.warning("no metadata of its own")
        }
        let lines = deferred.lines
        #expect(lines.count == 2)
        // Timestamps aside, every line is the stream handler's own.
        #expect(lines.map(Self.withoutTimestamp) == plain.lines.map(Self.withoutTimestamp))
        #expect(lines[0].contains("hb.request.id=7f3a") && lines[0].contains("user=13") && !lines[0].contains("user=12"))
        #expect(lines[1].contains("user=12") && lines[1].contains("no metadata of its own"))
    }

    private static func withoutTimestamp(_ line: String) -> Substring {
        line.drop { $0 != " " }
    }
}

/// Lines written by a `StreamLogHandler`.
final class LineStream: TextOutputStream, Sendable {
    private let text = Mutex("")
    var lines: [String] { text.withLock { $0.split(separator: "\n").map(String.init) } }
    func write(_ string: String) { text.withLock { $0 += string } }
}


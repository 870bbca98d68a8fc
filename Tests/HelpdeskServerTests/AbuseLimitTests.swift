import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import HelpdeskServer

/// The abuse limits hold: spelling variants of one address share a sign-in bucket, one client cannot spread
/// attempts across accounts or flood the account forms, the limiter's memory stays bounded, and a flood of password
/// hashing is refused at once instead of queueing without end.
@Suite struct AbuseLimitTests {
    typealias Env = TestEnvironment

    @Test func spellingVariantsOfOneAddressShareOneSignInBucket() async throws {
        var arguments = TestArguments()
        arguments.loginBurst = 3
        arguments.limitRefillScale = 0
        try await Env.run(arguments) { client, env in
            let variants = [" admin@care.test", "admin@care.test ", "\tADMIN@care.test", "Admin@Care.Test\n"]
            var statuses: [HTTPResponse.Status] = []
            for email in variants {
                let response = try await env.api(
                    client, .post, "/api/v1/session", json: ["email": email, "password": "wrong-password-1"], as: .anonymous)
                statuses.append(response.status)
            }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests])
            // The page form shares the same bucket.
            let page = try await env.form(
                client, "/login", [("email", "ADMIN@care.test"), ("password", "wrong-password-1")], as: .anonymous)
            #expect(page.status == .tooManyRequests)
            #expect(page.headers[.retryAfter] != nil)
            // Another address from the same client still gets its own tries.
            let other = try await env.api(
                client, .post, "/api/v1/session", json: ["email": "someone@care.test", "password": "x"], as: .anonymous)
            #expect(other.status == .unauthorized)
        }
    }

    @Test func oneClientCannotSpreadSignInsAcrossAccounts() async throws {
        var arguments = TestArguments()
        arguments.abuseBurst = 2  // six sign-in attempts per client, across addresses
        arguments.limitRefillScale = 0
        try await Env.run(arguments) { client, env in
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<7 {
                let response = try await env.api(
                    client, .post, "/api/v1/session", json: ["email": "guess\(i)@care.test", "password": "x"], as: .anonymous)
                statuses.append(response.status)
            }
            #expect(statuses.prefix(6).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
        }
    }

    @Test("a path spelt another way reaches the same limit: a trailing slash, a doubled slash")
    func pathVariantsShareTheLimit() async throws {
        var arguments = TestArguments()
        arguments.abuseBurst = 2  // six sign-in attempts per client, two account actions
        arguments.limitRefillScale = 0
        try await Env.run(arguments) { client, env in
            // Given variants of the sign-in path, each routed to the sign-in handler
            let variants = ["/api/v1/session/", "/api/v1//session", "//api/v1/session", "/api/v1/session"]
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<8 {
                let response = try await env.api(
                    client, .post, variants[i % variants.count], json: ["email": "guess\(i)@care.test", "password": "x"],
                    as: .anonymous)
                statuses.append(response.status)
            }
            // Then they all spend the same bucket: six attempts, then refused
            #expect(statuses.prefix(6).allSatisfy { $0 == .unauthorized }, "\(statuses)")
            #expect(statuses.suffix(2).allSatisfy { $0 == .tooManyRequests }, "\(statuses)")
            // And registration through a trailing slash is limited as well
            var registrations: [HTTPResponse.Status] = []
            for i in 0..<3 {
                let response = try await env.api(
                    client, .post, "/api/v1/accounts/",
                    json: ["name": "Flood \(i)", "email": "flood\(i)@customer.test", "password": TestData.password], as: .anonymous)
                registrations.append(response.status)
            }
            #expect(registrations.last == .tooManyRequests, "\(registrations)")
        }
    }

    @Test("a client fetching form pages without its cookie starts a bounded number of sessions; one that keeps it is not counted")
    func anonymousSessionsAreLimitedPerClient() async throws {
        var arguments = TestArguments()
        arguments.abuseBurst = 1  // six anonymous sessions per client
        arguments.limitRefillScale = 0
        try await Env.run(arguments) { client, env in
            // When a client asks for the sign-in page seven times without sending its cookie back
            var cookies: [String?] = []
            for _ in 0..<7 {
                let page = try await env.page(client, "/login", as: .anonymous)
                #expect(page.status == .ok)
                cookies.append(Env.sessionCookie(page))
            }
            // Then six sessions are started; the seventh page is answered but keeps no session
            #expect(cookies.prefix(6).allSatisfy { $0 != nil } && cookies.last! == nil, "\(cookies)")
            let beyond = try await env.page(client, "/register", as: .anonymous)
            #expect(beyond.status == .ok && Env.sessionCookie(beyond) == nil)
            // So its form is refused as stale, and nothing is registered
            let token = try #require(Env.csrfToken(in: String(buffer: beyond.body)))
            let sent = try await env.form(
                client, "/register", [("name", "Late"), ("email", "late@customer.test"), ("password", TestData.password)],
                csrf: token, as: .anonymous)
            #expect(sent.status == .forbidden)
            #expect(try await env.database.outbox(recipient: "late@customer.test").isEmpty)
            let firstCookie = cookies.first ?? nil
            // And the visitor who kept the cookie still gets the form, and pages without a form still open
            let cookie = try #require(firstCookie)
            let kept = Caller(cookie: cookie, user: nil, name: "visitor")
            #expect(try await env.page(client, "/register", as: kept).status == .ok)
            #expect(try await env.page(client, "/help?q=payout", as: .anonymous).status == .ok)
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test("help-centre searches spend the client's suggestion allowance, and an overlong search is refused naming the field")
    func helpSearchesAreLimited() async throws {
        var arguments = TestArguments()
        arguments.suggestionBurst = 3
        arguments.suggestionRefillPerSecond = 0
        try await Env.run(arguments) { client, env in
            let long = String(repeating: "payout ", count: 400)  // 2,800 characters
            let tooLong = try await env.page(client, "/help?q=\(long.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", as: .anonymous)
            #expect(tooLong.status == .unprocessableContent)
            #expect(String(buffer: tooLong.body).contains("Search with at most 2000 characters."))
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 { statuses.append(try await env.page(client, "/help?q=payout", as: .anonymous).status) }
            #expect(statuses == [.ok, .ok, .tooManyRequests], "\(statuses)")
            // The help centre's start page, without a search, still opens
            #expect(try await env.page(client, "/help", as: .anonymous).status == .ok)
        }
    }

    @Test func routedPathsDropEmptySegments() {
        #expect(AbuseLimitMiddleware.routedPath("/api/v1//session/") == "/api/v1/session")
        #expect(AbuseLimitMiddleware.routedPath("/") == "/")
        #expect(AbuseLimitMiddleware.routedPath("//login//") == "/login")
    }

    @Test func accountFormsAreLimitedPerClient() async throws {
        var arguments = TestArguments()
        arguments.abuseBurst = 2
        arguments.limitRefillScale = 0
        try await Env.run(arguments) { client, env in
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<3 {
                let response = try await env.api(
                    client, .post, "/api/v1/accounts",
                    json: ["name": "Flood \(i)", "email": "flood\(i)@customer.test", "password": TestData.password],
                    as: .anonymous)
                statuses.append(response.status)
            }
            #expect(statuses == [.created, .created, .tooManyRequests])
            let page = try await env.form(client, "/forgot-password", [("email", "flood0@customer.test")], as: .anonymous)
            #expect(page.status == .tooManyRequests)
            #expect(String(buffer: page.body).contains("Try again in"))
            // Signed-in pages and the health check keep answering.
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            let admin = try await env.admin(client)
            #expect(try await env.page(client, "/agent", as: admin).status == .ok)
        }
    }

    @Test func ticketFilingIsLimitedPerAccount() async throws {
        var arguments = TestArguments()
        arguments.abuseBurst = 1  // two tickets at once
        arguments.limitRefillScale = 0
        try await Env.run(arguments) { client, env in
            let customer = try await env.customer(client, name: "Busy Customer")
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<3 {
                let response = try await env.api(
                    client, .post, "/api/v1/tickets", json: ["subject": "Problem \(i)", "description": "Details \(i)"],
                    as: customer)
                statuses.append(response.status)
            }
            #expect(statuses == [.created, .created, .tooManyRequests])
            let body = try Env.json(try await env.api(
                client, .post, "/api/v1/tickets", json: ["subject": "Again", "description": "Again"], as: customer))
            #expect((body["error"] as? [String: Any])?["code"] as? String == "rateLimited")
        }
    }

    @Test func limiterMemoryStaysBoundedUnderDistinctKeys() {
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 1.0 / 60, maximumKeys: 20_000)
        // 100,000 distinct keys, each as long as an e-mail field can be: the table holds fixed-size keys, at most 20,000.
        let padding = String(repeating: "x", count: 1_000)
        var most = 0
        for i in 0..<100_000 {
            _ = limiter.take("client|\(i)\(padding)@example.com")
            if i % 1_000 == 999 { most = max(most, limiter.count) }
        }
        #expect(most <= 20_000 && most >= 15_000)
        // The limit still works for a key seen just now.
        #expect(limiter.take("client|99999\(padding)@example.com") != nil)
    }

    @Test func retryAfterIsAWholeNumberOfSeconds() {
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 1.0 / 30)
        #expect(limiter.take("k") == nil)
        let retry = limiter.take("k")
        #expect(retry.map { (1...30).contains($0) } == true)
    }

    @Test func aFloodOfHashingIsRefusedAtOnce() async throws {
        let gate = ConcurrencyGate(limit: 1, queueLimit: 1)
        let release = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let started = Mutex(false)
        async let first: Void = gate.run {
            await withCheckedContinuation { continuation in
                release.withLock { $0 = continuation }
                started.withLock { $0 = true }
            }
        }
        while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        async let second: Int = gate.run { 2 }
        try await Task.sleep(for: .milliseconds(50))
        // One runs, one waits: the third is refused at once with a 503 and Retry-After.
        do {
            _ = try await gate.run { 3 }
            Issue.record("the third caller should have been refused")
        } catch let error as ServerError {
            #expect(error == .busy(retryAfter: 1))
            #expect(error.status == .serviceUnavailable)
            #expect(error.extraHeaders[.retryAfter] == "1")
        }
        release.withLock { $0?.resume() }
        try await first
        #expect(try await second == 2)
        #expect(gate.running == 0)
    }
}

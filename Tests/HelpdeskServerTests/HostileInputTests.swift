import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// What a hostile client sends: every number a route reads, with values that overflow, underflow or are not numbers
/// at all, and strings past their limits or full of control characters. Every answer must be a 4xx (or a clamped
/// 2xx), never a 5xx, and the server must still answer afterwards (a trap would end the whole test process).
@Suite struct HostileInputTests {
    typealias Env = TestEnvironment

    /// Numbers no route may trap on.
    static let numbers = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-1", "0", "1e309", "NaN",
        "123456789012345678901234567890", "-0", "+5", "0x10", " 7",
    ]

    /// The same values as JSON number literals (NaN has none: sent as a string, it is a type error).
    static let jsonNumbers = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-1", "0", "1e309", "\"NaN\"",
        "123456789012345678901234567890", "1.5", "-1e400",
    ]

    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
    }

    @Test func numbersInQueryStringsAndPathsNeverTrap() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Hostile Customer")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer)
            for value in Self.numbers {
                let v = Self.encoded(value)
                let apiCalls: [(String, Caller)] = [
                    ("/api/v1/tickets?page=\(v)", customer), ("/api/v1/tickets?pageSize=\(v)", customer),
                    ("/api/v1/tickets?page=\(v)&pageSize=\(v)", admin), ("/api/v1/tickets?assignee=\(v)", admin),
                    ("/api/v1/tickets/\(v)", customer), ("/api/v1/solutions?k=\(v)", customer),
                    ("/api/v1/solutions?q=password&k=\(v)", admin),
                    ("/api/v1/tickets/\(id)/attachments/\(v)", customer), ("/api/v1/tickets/\(v)/attachments/1", admin),
                    ("/api/v1/customers/\(v)", admin), ("/api/v1/customers?page=\(v)", admin),
                ]
                for (uri, caller) in apiCalls {
                    let response = try await env.api(client, .get, uri, as: caller)
                    #expect((200..<500).contains(response.status.code), "\(uri) answered \(response.status)")
                    if response.status.code >= 400 {
                        // A clear error: code, message and (for a query parameter) the field at fault.
                        let error = try Env.json(response)["error"] as? [String: Any]
                        #expect(error?["message"] is String, "\(uri)")
                    }
                }
                let pages: [(String, Caller)] = [
                    ("/tickets/\(v)", customer), ("/agent/tickets/\(v)", admin), ("/admin/agents/\(v)", admin),
                    ("/help/solutions/\(v)", .anonymous), ("/admin/reports?agent=\(v)", admin),
                    ("/admin/reports?from=\(v)&to=\(v)", admin), ("/tickets/\(id)/verdict?token=\(v)", customer),
                    ("/tickets/\(id)/attachments/\(v)", customer), ("/admin/customers/\(v)", admin),
                    ("/admin/customers?page=\(v)", admin), ("/agent/solutions?page=\(v)", admin),
                    ("/agent/tickets/\(id)?reuse=\(v)", admin), ("/admin/mail?page=\(v)", admin),
                    ("/help?q=payout&page=\(v)", .anonymous),
                ]
                for (uri, caller) in pages {
                    let response = try await env.page(client, uri, as: caller)
                    #expect((200..<500).contains(response.status.code), "\(uri) answered \(response.status)")
                }
            }
            // Past the page limit: a 400 naming the field, not an empty page.
            let tooFar = try await env.api(client, .get, "/api/v1/tickets?page=9223372036854775807", as: customer)
            #expect(tooFar.status == .unprocessableContent)
            #expect((try Env.json(tooFar)["error"] as? [String: Any])?["field"] as? String == "page")
            // A page inside the limit is clamped work: the customer's list, empty past its end.
            let farPage = try Env.json(try await env.api(client, .get, "/api/v1/tickets?page=100000", as: customer))
            #expect((farPage["tickets"] as? [Any])?.isEmpty == true)
            #expect((farPage["total"] as? Int) == 1)
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test func numbersInJSONBodiesNeverTrap() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Hostile Customer")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer)
            for value in Self.jsonNumbers {
                let calls: [(String, String, Caller)] = [
                    ("/api/v1/suggestions", #"{"text": "payout delayed", "k": \#(value)}"#, .anonymous),
                    ("/api/v1/suggestions/opened", #"{"solutionId": \#(value)}"#, .anonymous),
                    ("/api/v1/tickets/\(id)/assign", #"{"agentId": \#(value)}"#, admin),
                    ("/api/v1/tickets/\(id)/resolve", #"{"solutionId": \#(value)}"#, admin),
                    ("/api/v1/tickets", #"{"subject": "S", "description": "D", "priority": \#(value)}"#, customer),
                    ("/api/v1/tickets/duplicates", #"{"subject": "Payout delayed", "ticketId": \#(value)}"#, customer),
                ]
                for (uri, body, caller) in calls {
                    let response = try await env.api(client, .post, uri, rawBody: body, as: caller)
                    #expect((200..<500).contains(response.status.code), "\(uri) \(body) answered \(response.status)")
                }
            }
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test("a number that is not a whole number in range is refused naming its field, not as invalid JSON")
    func unfitNumbersNameTheirField() async throws {
        try await Env.run { client, env in
            let admin = try await env.admin(client)
            let customer = try await env.customer(client, name: "Number Customer")
            let id = try await env.ticket(client, by: customer)
            let calls: [(String, String, Caller, String)] = [
                ("/api/v1/suggestions", #"{"text": "payout delayed", "k": 2.5}"#, .anonymous, "k"),
                ("/api/v1/suggestions", #"{"text": "payout delayed", "k": 1e300}"#, .anonymous, "k"),
                ("/api/v1/suggestions/opened", #"{"solutionId": 99999999999999999999}"#, .anonymous, "solutionId"),
                ("/api/v1/tickets/\(id)/assign", #"{"agentId": -1e30}"#, admin, "agentId"),
            ]
            for (uri, body, caller, field) in calls {
                let response = try await env.api(client, .post, uri, rawBody: body, as: caller)
                let error = try #require(try Env.json(response)["error"] as? [String: Any], "\(uri) \(body)")
                #expect(response.status == .badRequest && error["field"] as? String == field, "\(uri) \(body): \(error)")
                #expect(error["message"] as? String == "Expected a whole number within range.")
            }
            // Broken JSON is still called that
            let broken = try await env.api(client, .post, "/api/v1/suggestions", rawBody: #"{"text": "#, as: .anonymous)
            #expect((try Env.json(broken)["error"] as? [String: Any])?["message"] as? String == "The body is not valid JSON.")
        }
    }

    @Test func numbersInFormsNeverTrap() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Hostile Customer")
            let admin = try await env.admin(client)
            let id = try await env.ticket(client, by: customer)
            for value in Self.numbers {
                let forms: [(String, [(String, String)])] = [
                    ("/admin/agents", [("name", "Agent \(value)"), ("email", "a\(abs(value.hashValue))@staff.test"),
                                       ("capacity", value)]),
                    ("/agent/tickets/\(id)/assign", [("agentId", value)]),
                    ("/agent/tickets/\(id)/resolve", [("solutionId", value)]),
                    ("/agent/tickets/\(id)/resolve", [("solutionId", value), ("text", "Adapted steps \(value)")]),
                    ("/deflections", [("solutionId", value), ("query", "q")]),
                ]
                for (uri, fields) in forms {
                    let response = try await env.form(client, uri, fields, as: admin)
                    #expect((200..<500).contains(response.status.code), "\(uri) \(value) answered \(response.status)")
                }
                let approve = try await env.form(client, "/agent/solutions/\(Self.encoded(value))/approve", [], as: admin)
                #expect((200..<500).contains(approve.status.code), "approve \(value) answered \(approve.status)")
            }
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test("hostile mails on the inbound mail route get a 4xx, never a 5xx, and add nothing")
    func hostileInboundMails() async throws {
        var arguments = TestArguments()
        arguments.inboundMailToken = "inbound-token-hostile"
        try await Env.run(arguments) { client, env in
            let bodies: [String] = [
                "", "\u{0}\u{1}\u{2}", "From: <a@b.test>", String(repeating: "X-Header: y\r\n", count: 5_000) + "\r\nbody",
                "From: <a@b.test>\r\nTo: <support+r9223372036854775807-00000000000000000000@care.test>\r\n\r\nHi",
                "From: <a@b.test>\r\nTo: <support+r-1-zz@care.test>\r\nContent-Type: multipart/mixed; boundary=\r\n\r\nHi",
                "From: \u{212A}ate@b.test\r\nTo: support@care.test\r\n\r\nHi",
            ]
            for body in bodies {
                let response = try await InboundMailRouteTests.post(client, env, body, token: "inbound-token-hostile")
                #expect((400..<500).contains(response.status.code), "\(body.prefix(40)) answered \(response.status)")
            }
            let tooLarge = String(repeating: "a", count: 10 * 1024 * 1024 + 1)
            #expect(try await InboundMailRouteTests.post(client, env, tooLarge, token: "inbound-token-hostile").status == .contentTooLarge)
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test func hostileStringsGetClearErrors() async throws {
        try await Env.run { client, env in
            let customer = try await env.customer(client, name: "Hostile Customer")
            // Past the size limit: a 400 naming the field.
            let long = String(repeating: "a", count: 20_001)
            let tooLong = try await env.api(client, .post, "/api/v1/suggestions", json: ["text": long], as: .anonymous)
            #expect(tooLong.status == .unprocessableContent)
            #expect((try Env.json(tooLong)["error"] as? [String: Any])?["field"] as? String == "text")
            let longSubject = try await env.api(
                client, .post, "/api/v1/tickets",
                json: ["subject": String(repeating: "s", count: 201), "description": "d"], as: customer)
            #expect(longSubject.status.code == 400 || longSubject.status.code == 422)
            // NUL, CR/LF and right-to-left marks are text like any other: accepted or refused, never a 5xx.
            for text in ["pay\u{0}out", "pay\r\nout\r\n\r\nX-Injected: 1", "\u{202E}tuoyap\u{202C} delayed", "\u{200F}\u{061C}"] {
                let suggestion = try await env.api(client, .post, "/api/v1/suggestions", json: ["text": text], as: .anonymous)
                #expect(suggestion.status == .ok, "\(text.debugDescription)")
                let ticket = try await env.api(
                    client, .post, "/api/v1/tickets", json: ["subject": text, "description": text], as: customer)
                #expect((200..<500).contains(ticket.status.code), "\(text.debugDescription)")
                let help = try await env.page(client, "/help?q=\(Self.encoded(text))", as: .anonymous)
                #expect(help.status == .ok, "\(text.debugDescription)")
            }
            // Invalid UTF-8 in a JSON body.
            var invalid = ByteBuffer(string: #"{"text": ""#)
            invalid.writeBytes([0xC3, 0x28, 0xFF, 0xFE])
            invalid.writeString(#""}"#)
            let bad = try await client.execute(
                uri: "/api/v1/suggestions", method: .post,
                headers: [.contentType: "application/json", .accept: "application/json"], body: invalid)
            #expect(bad.status == .badRequest)
            // JSON nested 100,000 deep.
            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            for uri in ["/api/v1/suggestions", "/api/v1/session"] {
                let response = try await env.api(client, .post, uri, rawBody: #"{"text": \#(deep)}"#, as: .anonymous)
                #expect((400..<500).contains(response.status.code), "\(uri) answered \(response.status)")
            }
            let nested = try await env.api(client, .post, "/api/v1/tickets", rawBody: deep, as: customer)
            #expect((400..<500).contains(nested.status.code))
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }
}

import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// NFR-2 through the routes: a word only one customer wrote in a resolved ticket is found by an agent, but by no
/// anonymous or other customer's search (suggestions API, as-you-type, the help centre, the solutions API).
@Suite struct PrivacyTests {
    typealias Env = TestEnvironment

    @Test func oneCustomersWordsReachStaffOnly() async throws {
        try await Env.run { client, env in
            let writer = try await env.customer(client, name: "Writer Customer")
            let other = try await env.customer(client, name: "Other Customer")
            let agent = try await env.agent(client, name: "Privacy Agent")
            let id = try await env.ticket(
                client, by: writer, subject: "Order ZX9931Q never arrived",
                description: "My order ZX9931Q was sent to 12 Quayside Lane.")
            _ = try await env.api(client, .post, "/api/v1/tickets/\(id)/assign", json: ["agentId": agent.user!.requiredID],
                                  as: try await env.admin(client))
            let resolved = try await env.api(
                client, .post, "/api/v1/tickets/\(id)/resolve",
                json: ["solution": ["title": "Find a late parcel", "steps": ["Open the tracking page."]]], as: agent)
            #expect(resolved.status == .ok)

            func suggested(_ text: String, prefix: Bool, as caller: Caller) async throws -> [String] {
                let response = try await env.api(
                    client, .post, "/api/v1/suggestions", json: ["text": text, "prefixLastTerm": prefix], as: caller)
                #expect(response.status == .ok)
                let list = try Env.json(response)["suggestions"] as? [[String: Any]] ?? []
                return list.compactMap { ($0["solution"] as? [String: Any])?["title"] as? String }
            }
            func searched(_ q: String, as caller: Caller) async throws -> [String] {
                let response = try await env.api(client, .get, "/api/v1/solutions?q=\(q)", as: caller)
                #expect(response.status == .ok)
                let list = try Env.json(response)["solutions"] as? [[String: Any]] ?? []
                return list.compactMap { ($0["solution"] as? [String: Any])?["title"] as? String }
            }
            // The agent finds it through the customer's words.
            #expect(try await suggested("ZX9931Q", prefix: false, as: agent) == ["Find a late parcel"])
            #expect(try await searched("Quayside", as: agent) == ["Find a late parcel"])
            // Nobody else does: not anonymously, not as another customer, not while typing, not in the help centre.
            for caller in [Caller.anonymous, other, writer] {
                #expect(try await suggested("ZX9931Q", prefix: false, as: caller).isEmpty, "\(caller.name)")
                #expect(try await suggested("order ZX99", prefix: true, as: caller).isEmpty, "\(caller.name)")
                #expect(try await suggested("Quayside Lane", prefix: false, as: caller).isEmpty, "\(caller.name)")
            }
            #expect(try await searched("ZX9931Q", as: other).isEmpty)
            let help = String(buffer: try await env.page(client, "/help?q=ZX9931Q+Quayside", as: .anonymous).body)
            #expect(!help.contains("Find a late parcel"))
            // The staff-written words stay public.
            #expect(try await suggested("tracking page", prefix: false, as: .anonymous) == ["Find a late parcel"])
        }
    }
}

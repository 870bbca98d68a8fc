import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// "This looks like #1234": the new-request form asks `POST /api/v1/tickets/duplicates` while the customer types, and
/// the agent's ticket page lists open look-alikes. A customer learns only of their own tickets.
@Suite struct DuplicateRouteTests {
    typealias Env = TestEnvironment

    static let subject = "Parcel never delivered"
    static let description = "My parcel from last week was never delivered to my door. Where is it?"

    func duplicateIds(_ response: TestResponse) throws -> [Int64] {
        let list = try #require(try Env.json(response)["duplicates"] as? [[String: Any]])
        return list.compactMap { ($0["ticket"] as? [String: Any])?["id"] as? NSNumber }.map(\.int64Value)
    }

    @Test func aCustomerIsToldOfTheirOwnOpenLookAlikeOnly() async throws {
        try await Env.run { client, env in
            let mia = try await env.customer(client, name: "Mia Parcel")
            let ola = try await env.customer(client, name: "Ola Parcel")
            // A customer who writes again about the same thing, in much the same words
            let mine = try await env.ticket(client, by: mia, subject: "Parcel never delivered", description: "My parcel from last week was never delivered to my door.")
            let theirs = try await env.ticket(client, by: ola, subject: "Parcel never delivered", description: "The parcel I ordered last week was never delivered to my door.")
            let body: [String: Any] = ["subject": Self.subject, "description": Self.description]
            let forMia = try await env.api(client, .post, "/api/v1/tickets/duplicates", json: body, as: mia)
            #expect(forMia.status == .ok, "\(String(buffer: forMia.body))")
            #expect(try duplicateIds(forMia) == [mine], "\(String(buffer: forMia.body))")
            let forOla = try await env.api(client, .post, "/api/v1/tickets/duplicates", json: body, as: ola)
            #expect(try duplicateIds(forOla) == [theirs])
            // Someone with no open ticket about it learns nothing of the others'
            let ned = try await env.customer(client, name: "Ned Parcel")
            #expect(try duplicateIds(try await env.api(client, .post, "/api/v1/tickets/duplicates", json: body, as: ned)).isEmpty)
            // Staff see both, and a filed ticket is left out of its own list
            let agent = try await env.agent(client, name: "Ava Agent")
            let forAgent = try await env.api(
                client, .post, "/api/v1/tickets/duplicates", json: body.merging(["ticketId": mine]) { $1 }, as: agent)
            #expect(try duplicateIds(forAgent) == [theirs])
            // Something else entirely is no duplicate
            let other = try await env.api(
                client, .post, "/api/v1/tickets/duplicates",
                json: ["subject": "Invoice address", "description": "Please put my company name on the invoice."], as: mia)
            #expect(try duplicateIds(other).isEmpty)
            // The new-request form carries the box the script fills
            #expect(String(buffer: try await env.page(client, "/tickets/new", as: mia).body).contains("id=\"open-duplicates\""))
        }
    }

    @Test func theRouteRefusesStrangersAndBoundsItsInput() async throws {
        try await Env.run { client, env in
            let mia = try await env.customer(client, name: "Mia Bounds")
            let anonymous = try await env.api(
                client, .post, "/api/v1/tickets/duplicates", json: ["subject": Self.subject], as: .anonymous)
            #expect(anonymous.status == .unauthorized)
            let long = try await env.api(
                client, .post, "/api/v1/tickets/duplicates", json: ["subject": String(repeating: "a", count: 201)], as: mia)
            #expect(long.status == .unprocessableContent)
            #expect((try Env.json(long)["error"] as? [String: Any])?["field"] as? String == "subject")
            let huge = try await env.api(
                client, .post, "/api/v1/tickets/duplicates",
                json: ["description": String(repeating: "parcel ", count: 3_000)], as: mia)
            #expect(huge.status == .unprocessableContent)
            #expect((try Env.json(huge)["error"] as? [String: Any])?["field"] as? String == "description")
            let wrongType = try await env.api(
                client, .post, "/api/v1/tickets/duplicates", json: ["subject": 12, "ticketId": "x"], as: mia)
            #expect(wrongType.status == .badRequest)
            // Nothing typed yet: nothing to compare
            let empty = try await env.api(client, .post, "/api/v1/tickets/duplicates", json: [:], as: mia)
            #expect(empty.status == .ok)
            #expect(try duplicateIds(empty).isEmpty)
        }
    }

    @Test func theAgentsTicketPageListsOpenLookAlikesWithWhoseTheyAre() async throws {
        try await Env.run { client, env in
            let mia = try await env.customer(client, name: "Mia Page")
            let ola = try await env.customer(client, name: "Ola Page")
            let first = try await env.ticket(client, by: mia, subject: "Parcel not delivered", description: "My parcel from last week was not delivered.")
            let again = try await env.ticket(client, by: mia, subject: "Parcel still not delivered", description: "My parcel from last week is still not delivered.")
            let theirs = try await env.ticket(client, by: ola, subject: "Parcel never delivered", description: "The parcel I ordered last week was never delivered.")
            let unrelated = try await env.ticket(client, by: ola, subject: "Invoice address", description: "Please put my company name on the invoice.")
            let admin = try await env.admin(client)
            let html = String(buffer: try await env.page(client, "/agent/tickets/\(first)", as: admin).body)
            #expect(html.contains("Possible duplicates"))
            #expect(html.contains("href=\"/agent/tickets/\(again)\"") && html.contains("href=\"/agent/tickets/\(theirs)\""))
            #expect(html.contains("Same customer") && html.contains("Another customer"))
            let section = html.components(separatedBy: "Possible duplicates").last ?? ""
            #expect(!section.prefix(2_000).contains("/agent/tickets/\(first)\""), "the ticket itself is not its own duplicate")
            // A ticket nothing looks like shows no such section
            let alone = String(buffer: try await env.page(client, "/agent/tickets/\(unrelated)", as: admin).body)
            #expect(!alone.contains("Possible duplicates"))
        }
    }
}

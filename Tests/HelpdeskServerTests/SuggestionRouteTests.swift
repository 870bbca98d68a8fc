import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

@testable import HelpdeskServer

/// The suggestion route reads solutions from the index's catalog and counts the lists it shows in memory.
@Suite("Suggestion route")
struct SuggestionRouteTests {
    typealias Env = TestEnvironment

    /// The titles and the marked words of the titles of the suggestions for `text`.
    static func suggest(_ client: some TestClientProtocol, _ env: Env, _ text: String) async throws
        -> (titles: [String], marked: [[String]])
    {
        let response = try await env.api(client, .post, "/api/v1/suggestions", json: ["text": text, "k": 3], as: .anonymous)
        #expect(response.status == .ok)
        let list = try #require(try Env.json(response)["suggestions"] as? [[String: Any]])
        return (
            list.map { ($0["solution"] as? [String: Any])?["title"] as? String ?? "" },
            list.map { suggestion in
                let title = (suggestion["highlights"] as? [String: Any])?["title"] as? [[String: Any]] ?? []
                return title.filter { $0["match"] as? Bool == true }.compactMap { $0["text"] as? String }
            }
        )
    }

    @Test("a solution revised through the database shows its new title, highlighted, in the next suggestion")
    func revisedSolutionShowsAtOnce() async throws {
        try await Env.run { client, env in
            // Given the payout solution, suggested first for a payout complaint
            let admin = try #require(try await env.admin(client).user)
            var shown = try await Self.suggest(client, env, "my payout is delayed")
            #expect(shown.titles.first == "Payout delayed to your bank account")
            let payout = try #require(
                try await env.database.currentSolutions(limit: 100).first { $0.title == "Payout delayed to your bank account" })
            // When an admin revises it, with no restart
            _ = try await env.database.reviseSolution(
                id: payout.requiredID, by: admin,
                SolutionDraft(title: "Payout late: check the bank holiday calendar", steps: ["Open Payouts", "Check the date"]))
            // Then the next suggestion shows the new title, with the matching words marked
            shown = try await Self.suggest(client, env, "my payout is delayed, is it late?")
            #expect(shown.titles.first == "Payout late: check the bank holiday calendar")
            #expect(shown.marked.first == ["Payout", "late"])
            #expect(!shown.titles.contains("Payout delayed to your bank account"))
        }
    }

    @Test("a customer who mistypes the key word gets the same solution, with the word it was read as marked")
    func typingSlipIsForgiven() async throws {
        // The words of the shipped model's vocabulary are the real words, never read as slips.
        var arguments = TestArguments()
        arguments.embeddings = Repository.shippedModel
        try await Env.run(arguments) { client, env in
            // Given the payout solution, suggested first for a payout complaint
            let right = try await Self.suggest(client, env, "my payout is delayed")
            #expect(right.titles.first == "Payout delayed to your bank account")
            // When a customer leaves a letter out of "payout"
            let slipped = try await Self.suggest(client, env, "my paout is delayed")
            // Then the same solution comes first, with "Payout" marked as if it had been typed right
            #expect(slipped.titles.first == "Payout delayed to your bank account")
            #expect(slipped.marked.first == right.marked.first)
            #expect(slipped.marked.first?.contains("Payout") == true)
        }
    }

    @Test("the suggestions shown are written when flushed, as on a clean stop")
    func shownCountsAreFlushed() async throws {
        try await Env.run { client, env in
            // Given two suggestion lists shown
            let first = try await Self.suggest(client, env, "my payout is delayed")
            let second = try await Self.suggest(client, env, "card declined at checkout")
            let shown = first.titles.count + second.titles.count
            #expect(shown > 0)
            // When the server flushes them (every maintenance tick, and once more on a clean stop)
            #expect(try await env.database.flushSuggestionsShown() == shown)
            // Then they are in the database, and nothing is left to write
            #expect(try await env.database.flushSuggestionsShown() == 0)
        }
    }
}

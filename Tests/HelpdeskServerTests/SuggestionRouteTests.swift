import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// The suggestion route reads solutions from the index's catalog and counts the lists it shows in memory.
@Suite("Suggestion route")
struct SuggestionRouteTests {
    typealias Env = TestEnvironment

    /// The titles and the marked words of the titles of the suggestions for `text`.
    static func suggest(_ client: some TestClientProtocol, _ env: Env, _ text: String, as caller: Caller = .anonymous)
        async throws -> (titles: [String], marked: [[String]])
    {
        let response = try await env.api(client, .post, "/api/v1/suggestions", json: ["text": text, "k": 3], as: caller)
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

    @Test("a visitor typing a complaint key by key gets at each key what another client gets for the same text at once")
    func typedKeyByKey() async throws {
        try await Env.run { client, env in
            // Given a customer who sends whole texts, and an anonymous visitor who types them one key at a time
            let customer = try await env.customer(client, name: "Ada")
            for text in ["my payout is delayed again", "card declined at checkout"] {
                var shownWhileTyping: [(titles: [String], marked: [[String]])] = []
                let ends: [String.Index] = Array(text.indices.dropFirst(3)) + [text.endIndex]
                for end in ends {
                    shownWhileTyping.append(try await Self.suggest(client, env, String(text[..<end])))
                }
                // Then every key's suggestions, titles and highlights, are those of the text sent whole
                for (n, end) in ends.enumerated() where n % 4 == 0 || end == text.endIndex {
                    let whole = try await Self.suggest(client, env, String(text[..<end]), as: customer)
                    #expect(shownWhileTyping[n].titles == whole.titles, "\(text[..<end])")
                    #expect(shownWhileTyping[n].marked == whole.marked, "\(text[..<end])")
                }
                #expect(shownWhileTyping.last?.titles.isEmpty == false)
            }
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

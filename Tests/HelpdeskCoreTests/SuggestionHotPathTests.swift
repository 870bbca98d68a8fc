import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore
@testable import SearchEngine

/// Suggestions read their solutions from the catalog kept beside the index, analyse the text once, and count the lists
/// shown in memory: what a user sees must be what the database says, as before.
@Suite("Suggestion hot path")
struct SuggestionHotPathTests {
    @Test("an edited, judged or unpublished solution shows as it is now in the next suggestion, without a restart")
    func catalogFollowsTheDatabase() async throws {
        // Given a printer solution in a live store with an attached index
        let f = try await Fixture.make()
        let (index, customer, agent, ticket, printer) = try await f.resolvedScene(
            title: "Reinstall the printer driver", steps: ["Open settings", "Remove the driver"])
        let admin = try await f.admin()
        #expect(index.suggestSolutions(for: "printer driver", viewer: nil).map(\.solution.title) == [printer.title])
        // When its customer says it solved the problem, Then the next suggestion shows the count, as the database has it
        _ = try await f.db.recordVerdict(ticketId: ticket.requiredID, by: customer, .solved)
        var shown = try #require(index.suggestSolutions(for: "printer driver", viewer: agent).first)
        #expect(shown.solution.solvedCount == 1)
        #expect(shown.solution == (try await f.db.solution(id: printer.requiredID, for: nil)))
        // When it is revised, Then the next suggestion shows the new version's title and steps
        let revised = try await f.db.reviseSolution(
            id: printer.requiredID, by: admin, SolutionDraft(title: "Update the printer driver", steps: ["Download it"]))
        shown = try #require(index.suggestSolutions(for: "printer driver", viewer: nil).first)
        #expect(shown.solution.id == revised.id && shown.solution.title == "Update the printer driver")
        #expect(shown.solution.steps == ["Download it"] && shown.suggested.steps.map(\.text) == ["Download it"])
        #expect(shown.suggested.title.text == "Update the printer driver")
        // When it is unpublished, Then it is gone for anonymous visitors, customers and staff alike (as from the index)
        _ = try await f.db.setSolutionPublished(id: revised.requiredID, false, by: admin)
        for viewer in [nil, customer, agent] as [User?] {
            #expect(index.suggestSolutions(for: "printer driver", viewer: viewer).isEmpty)
        }
        // And published again, it is back
        _ = try await f.db.setSolutionPublished(id: revised.requiredID, true, by: admin)
        #expect(index.suggestSolutions(for: "printer driver", viewer: nil).first?.solution.id == revised.id)
    }

    @Test("the catalog holds exactly the current, published solutions after a rebuild and a snapshot load")
    func catalogMatchesTheStore() async throws {
        // Given the shipped corpus with a rebuilt index
        let f = try await Fixture.make()
        let index = try await f.shippedCorpusIndex()
        let admin = try await f.admin()
        let rows = try f.db.currentPublishedSolutionRows()
        // Then the catalog has each of them as the database has it, split for highlighting
        #expect(index.catalog.solutions.mapValues(\.solution) == rows)
        let first = try #require(index.catalog.solutions.values.first)
        #expect(first.title.text == first.solution.title && first.steps.map(\.text) == first.solution.steps)
        // When one is unpublished and the snapshot is loaded back, Then the loaded catalog follows the store
        let unpublished = try #require(rows.keys.min())
        _ = try await f.db.setSolutionPublished(id: unpublished, false, by: admin)
        let (loaded, rebuilt) = try f.savedAndLoaded(index)
        #expect(!rebuilt)
        #expect(loaded.catalog.solutions.mapValues(\.solution) == (try f.db.currentPublishedSolutionRows()))
        #expect(loaded.catalog[unpublished] == nil)
    }

    @Test("the text analysed once gives the terms the stripped text gave, whole or being typed")
    func analysedOnce() async throws {
        // Given the shipped corpus's stock phrases
        let f = try await Fixture.make()
        let index = try await f.shippedCorpusIndex()
        let boilerplate = index.boilerplate
        #expect(!boilerplate.isEmpty)
        let analyzer = HelpdeskIndex.solutionsConfiguration.analyzer
        var texts = try String(contentsOf: Repository.corpusFolder.appendingPathComponent("tickets.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(300).map { line -> String in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return HelpdeskIndex.complaintQuery(
                    subject: object["subject"] as? String ?? "", description: object["description"] as? String ?? "")
            }
        texts += texts.prefix(100).map { String($0.prefix(37)) } + ["", " ", "Thank you very much!", "printe", "Café  naïve …"]
        var stripped = 0
        for text in texts {
            // Then the terms of the kept words are those of the stripped text, for a whole complaint
            let analysed = analyzer.analyzeWithOffsets(text)
            #expect(analysed.terms.map(\.text) == analyzer.analyze(text))
            let kept = boilerplate.keptWords(text)
            if kept != nil { stripped += 1 }
            #expect(HelpdeskIndex.terms(of: analysed, within: kept) == analyzer.analyze(boilerplate.strip(text)), "\(text)")
            // And for text being typed, with the same partial last word
            let typed = HelpdeskIndex.strippedWhileTyping(text, boilerplate)
            #expect(
                HelpdeskIndex.terms(of: analysed, within: HelpdeskIndex.keptWhileTyping(text, boilerplate))
                    == analyzer.analyze(typed), "\(text)")
            #expect(analysed.trailingPartialWord.map { Array($0.utf8) } == analyzer.trailingPartialWord(of: typed), "\(text)")
        }
        #expect(stripped > 10)
    }

    @Test("stock phrases read ASCII words byte by byte as they read them character by character")
    func asciiWordsAsBefore() throws {
        var texts = try String(contentsOf: Repository.corpusFolder.appendingPathComponent("tickets.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(400).map { line -> String in
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return "\(object["subject"] as? String ?? "")\r\n\(object["description"] as? String ?? "")"
            }
        texts += ["", "  ", "Thanks!!  (really) -- _snake_case_ x2 \t\u{0B}\u{0C} THE END...", "don't \"quote\" me", "Café naïve"]
        for text in texts {
            let words = Boilerplate.words(text)
            let reference = Boilerplate.characterWords(text)
            #expect(words.map(\.word) == reference.map(\.word) && words.map(\.range) == reference.map(\.range), "\(text)")
        }
    }

    @Test("suggestions shown are counted in memory and written by minute when flushed, or when the report is read")
    func shownCountsAreBatched() async throws {
        // Given a store
        let f = try await Fixture.make()
        let admin = try await f.admin()
        func rows() async throws -> [SuggestionEvent] {
            try await f.db.sqlRead { sql in try sql.fetchAll(SuggestionEvent.self, "SELECT * FROM suggestionEvent ORDER BY id") }
        }
        // When lists of 3 and 2 suggestions are shown in one minute and 4 in the next
        f.db.countSuggestionsShown(3)
        f.clock.advance(by: 1)
        f.db.countSuggestionsShown(2)
        f.db.countSuggestionsShown(0)
        // Then nothing is written yet
        #expect(try await rows().isEmpty)
        f.clock.advance(by: 60)
        f.db.countSuggestionsShown(4)
        // When they are flushed, Then one row per minute holds them, and a second flush writes nothing
        #expect(try await f.db.flushSuggestionsShown() == 9)
        #expect(try await rows().map(\.count) == [5, 4])
        #expect(try await rows().allSatisfy { $0.kind == .shown && $0.solutionId == nil })
        #expect(try await f.db.flushSuggestionsShown() == 0)
        // And counts not flushed yet reach the report as soon as it is read
        f.db.countSuggestionsShown(6)
        let report = try await f.db.selfServiceReport(try ReportFilter(firstDay: f.clock.now, lastDay: f.clock.now), for: admin)
        #expect(report.suggestionsShown == 15)
    }
}

import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Suggestions for the topic the customer picked")
struct TopicSuggestionTests {
    @Test("the picked topic's answers come first, and a wrong pick still shows the best answer of all, not the topic's weak ones")
    func topicFirst() async throws {
        // Given the shipped corpus with a rebuilt index
        let f = try await Fixture.make()
        let index = try await f.shippedCorpusIndex()
        let external = try await f.db.solutionExternalIds()
        func suggested(_ text: String, topic: String?, k: Int = 5) async throws -> [Solution] {
            index.suggestSolutions(for: text, topicId: topic, k: k, viewer: nil).map(\.solution)
        }
        // When a farmer asks about a failing photo diagnosis on the crop topic
        let pest = "Pest ID fails\nPest ID fails\nThe app can't tell me what's wrong with my plants since the weekend."
        let onTopic = try await suggested(pest, topic: "farm-soil-crop")
        // Then the crop topic's diagnosis answer is first, and the topic's matches lead the list
        #expect(onTopic.first.flatMap { external[$0.requiredID] } == "SOL-0225")
        #expect(onTopic.count >= 2 && onTopic.prefix(2).allSatisfy { $0.categoryId == "farm-soil-crop" })
        #expect(index.suggestSolutions(for: pest, topicId: "farm-soil-crop", k: 5, viewer: nil).allSatisfy { $0.grade != .weak })
        // When a customer who forgot a password picks billing by mistake
        let password = "I forgot my password and cannot sign in"
        let anywhere = try await suggested(password, topic: nil)
        let wrongPick = try await suggested(password, topic: "billing")
        // Then the best answer of all is still shown, and billing's answers that do not match well enough are not
        #expect(anywhere.first?.categoryId == "account-access")
        #expect(wrongPick.contains { $0.id == anywhere.first?.id })
        let billing = index.suggestSolutions(for: password, categoryId: "billing", k: 5, viewer: nil)
        let billingFloorless = index.suggestSolutions(for: password, categoryId: "billing", k: 5, floor: 0, viewer: nil)
        #expect(billing.count < billingFloorless.count)
        #expect(wrongPick.filter { $0.categoryId == "billing" }.count == billing.count)
        // And with one place only, the picked topic keeps it when one of its answers matches, else the best of all
        let one = try await suggested(password, topic: "billing", k: 1)
        #expect(one.map(\.id) == [billing.first?.solution.id ?? anywhere.first?.id])
        // And a search restricted to a category (the solutions search) shows nothing else
        let restricted = index.suggestSolutions(for: password, categoryId: "billing", k: 5, floor: 0, viewer: nil)
        #expect(!restricted.isEmpty && restricted.allSatisfy { $0.solution.categoryId == "billing" })
    }

    @Test("a topic with fewer matches than asked for is topped up from the others")
    func fewMatchesInTopic() async throws {
        // Given a printer answer on hardware and a scanner answer on billing
        let f = try await Fixture.make()
        let index = HelpdeskIndex()
        f.db.attach(index: index)
        let (customer, admin, agent, printerTicket) = try await f.scene()
        try await f.db.saveCategory(Category(id: "hardware", name: "Hardware"), by: admin)
        try await f.db.saveCategory(Category(id: "billing", name: "Billing"), by: admin)
        let scannerTicket = try await f.db.createTicket(
            by: customer, subject: "Scanner driver missing", description: "The scanner needs a driver.")
        for (ticket, draft) in [
            (printerTicket, SolutionDraft(title: "Reinstall the printer driver", steps: ["Remove the driver"], categoryId: "hardware")),
            (scannerTicket, SolutionDraft(title: "Install the scanner driver", steps: ["Download the driver"], categoryId: "billing")),
        ] {
            try await f.db.take(ticketId: ticket.requiredID, by: agent)
            _ = try await f.db.resolve(ticketId: ticket.requiredID, by: agent, with: .new(draft))
        }
        // When the customer picks billing and types about drivers
        let hits = index.suggestSolutions(for: "driver", topicId: "billing", k: 5, viewer: nil)
        // Then the billing answer is first and the other topic's follows
        #expect(hits.map(\.solution.title) == ["Install the scanner driver", "Reinstall the printer driver"])
        // And with the other topic picked, the order turns round
        let other = index.suggestSolutions(for: "driver", topicId: "hardware", k: 5, viewer: nil)
        #expect(other.map(\.solution.title) == ["Reinstall the printer driver", "Install the scanner driver"])
    }
}

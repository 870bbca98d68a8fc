import Foundation
import HelpdeskImport
import Testing
import TestSupport

@testable import HelpdeskCore

/// Scenes of the core's tests, built on the shared `Fixture`.
extension Fixture {
    /// A customer, an admin, an agent and a new ticket.
    func scene() async throws -> (customer: User, admin: User, agent: User, ticket: Ticket) {
        let customer = try await customer()
        let admin = try await admin()
        let agent = try await agent(by: admin)
        let ticket = try await db.createTicket(
            by: customer,
            subject: "Printer is offline",
            description: "Since this morning the printer shows offline."
        )
        return (customer, admin, agent, ticket)
    }

    /// The shipped corpus loaded into the store, and an index rebuilt from it (learning what a rebuild learns).
    /// - Parameter meaning: match meaning too, with the shipped model, as `care serve` does.
    func shippedCorpusIndex(meaning: Bool = false) async throws -> HelpdeskIndex {
        try db.loadShippedCorpus()
        let index = HelpdeskIndex(embeddings: meaning ? Repository.shippedModel : nil)
        try index.rebuild(from: db)
        return index
    }

    /// `index` saved as a snapshot into a fresh folder and loaded back against the store (the folder is removed).
    func savedAndLoaded(_ index: HelpdeskIndex) throws -> (index: HelpdeskIndex, rebuilt: Bool) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try index.save(to: folder)
        return try HelpdeskIndex.load(from: folder, database: db)
    }

    /// `scene()` with an index attached to the store, the agent having taken the ticket and resolved it with a new
    /// solution of `title` and `steps`.
    /// - Parameter meaning: the index has the shipped model, as `care serve` does.
    func resolvedScene(title: String, steps: [String], meaning: Bool = false) async throws
        -> (index: HelpdeskIndex, customer: User, agent: User, ticket: Ticket, solution: Solution)
    {
        let index = HelpdeskIndex(embeddings: meaning ? Repository.shippedModel : nil)
        db.attach(index: index)
        let (customer, _, agent, ticket) = try await scene()
        try await db.take(ticketId: ticket.requiredID, by: agent)
        let (_, solution) = try await db.resolve(
            ticketId: ticket.requiredID, by: agent, with: .new(SolutionDraft(title: title, steps: steps)))
        return (index, customer, agent, ticket, solution)
    }
}

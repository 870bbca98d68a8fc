import Embeddings
import Foundation
import SearchEngine
import Testing
import TestSupport

@testable import HelpdeskCore

/// Suggestions match meaning beside the words (the shipped static embedding model): a customer who describes a problem
/// in other words than the stored solution's still finds it, the vectors follow the store as the words' index does, and
/// what one customer wrote never moves another viewer's suggestions.
@Suite("Matching meaning, not only words")
struct MeaningMatchTests {
    let model = Repository.shippedModel

    /// The fixture's store with an index that matches meaning, attached so that writes reach it.
    func meaningIndex(_ fixture: Fixture) -> HelpdeskIndex {
        let index = HelpdeskIndex(embeddings: model)
        fixture.db.attach(index: index)
        return index
    }

    func ids(_ matches: [SolutionMatch]) -> [Int64] { matches.map(\.solution.requiredID) }

    @Test("a complaint sharing no word with its answer finds it by meaning, and finds nothing by words alone")
    func paraphraseIsFound() async throws {
        // Given solutions about a forgotten password, a router and a card payment
        let fixture = try await Fixture.make()
        let index = meaningIndex(fixture)
        let admin = try await fixture.admin()
        let password = try await fixture.db.createSolution(
            by: admin,
            SolutionDraft(title: "Reset a forgotten password", steps: ["Open the sign-in screen and tap Forgot password."]))
        _ = try await fixture.db.createSolution(
            by: admin, SolutionDraft(title: "Router keeps dropping the Wi-Fi", steps: ["Restart the router."]))
        _ = try await fixture.db.createSolution(
            by: admin, SolutionDraft(title: "Card payment declined at checkout", steps: ["Check the card expiry date."]))
        try index.catchUp(from: fixture.db)
        // When a customer writes it in words the solution does not use
        let text = "I cannot remember my login credentials"
        // Then words alone find nothing, and meaning finds the password solution first, at least a partial match
        #expect(index.suggestSolutions(for: text, meaningWeight: 0, viewer: nil).isEmpty)
        let found = index.suggestSolutions(for: text, viewer: nil)
        #expect(ids(found).first == password.requiredID, "\(found.map { ($0.solution.title, $0.strength) })")
        #expect(found.first?.grade != .weak)
        // And an index without a model behaves as words alone
        let plain = HelpdeskIndex()
        try plain.rebuild(from: fixture.db)
        #expect(plain.suggestSolutions(for: text, viewer: nil).isEmpty)
    }

    @Test("a new, revised or unpublished solution is matched by meaning as soon as the index catches up, and after a snapshot load")
    func vectorsFollowTheStore() async throws {
        let fixture = try await Fixture.make()
        let index = meaningIndex(fixture)
        let admin = try await fixture.admin()
        _ = try await fixture.db.createSolution(
            by: admin, SolutionDraft(title: "Router keeps dropping the Wi-Fi", steps: ["Restart the router."]))
        try index.catchUp(from: fixture.db)
        let text = "I cannot remember my login credentials"
        #expect(!index.suggestSolutions(for: text, floor: 0, viewer: nil).contains { $0.solution.title.contains("password") })
        // When an admin adds the answer
        let added = try await fixture.db.createSolution(
            by: admin,
            SolutionDraft(title: "Reset a forgotten password", steps: ["Open the sign-in screen and tap Forgot password."]))
        try index.catchUp(from: fixture.db)
        // Then it is found by meaning at once
        #expect(ids(index.suggestSolutions(for: text, viewer: nil)).first == added.requiredID)
        // When it is revised into something else, the new version's meaning counts and the old one is gone
        let revised = try await fixture.db.reviseSolution(
            id: added.requiredID, by: admin,
            SolutionDraft(title: "Printer shows offline", steps: ["Switch the printer off and on again."]))
        try index.catchUp(from: fixture.db)
        let afterRevision = index.suggestSolutions(for: text, floor: 0, viewer: nil)
        #expect(!ids(afterRevision).contains(added.requiredID))
        #expect(ids(index.suggestSolutions(for: "my printer is not working", viewer: nil)).first == revised.requiredID)
        // When it is unpublished, anonymous visitors no longer get it
        _ = try await fixture.db.setSolutionPublished(id: revised.requiredID, false, by: admin)
        try index.catchUp(from: fixture.db)
        #expect(!ids(index.suggestSolutions(for: "my printer is not working", floor: 0, viewer: nil)).contains(revised.requiredID))
        // And a snapshot loaded back matches exactly as the running index does
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try index.save(to: folder)
        let (loaded, rebuilt) = try HelpdeskIndex.load(from: folder, database: fixture.db, embeddings: model)
        #expect(!rebuilt)
        for query in [text, "Wi-Fi drops every evening", "my printer is not working"] {
            let before = index.suggestSolutions(for: query, floor: 0, viewer: nil).map { ($0.solution.requiredID, $0.strength) }
            let after = loaded.suggestSolutions(for: query, floor: 0, viewer: nil).map { ($0.solution.requiredID, $0.strength) }
            #expect(before.map(\.0) == after.map(\.0), "\(query)")
            #expect(zip(before, after).allSatisfy { abs($0.1 - $1.1) < 1e-9 }, "\(query)")
        }
    }

    @Test("a snapshot's vectors load back and are used, only in step with its indexes and from the same model")
    func savedVectorsLoadBack() async throws {
        let (fixture, index, _, _) = try await store(planted: true)
        func tickets(_ index: HelpdeskIndex) -> [String] {
            index.ticketsAndVectors.vectors.entries.sorted { $0.id < $1.id }.map { "\($0.id) \($0.bucket ?? "-") \($0.vector)" }
        }
        func complaints(_ index: HelpdeskIndex) -> [String] {
            index.current.withLock { [$0.complaintVectors, $0.publicComplaintVectors] }
                .map { $0.vectors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ";") }
        }
        #expect(tickets(index).count == 2 && complaints(index).allSatisfy { !$0.isEmpty })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try index.save(to: folder)
        let file = URL(fileURLWithPath: folder).appendingPathComponent(VectorSnapshot.fileName)

        // Loaded back, the vectors are those saved
        let saved = try #require(VectorSnapshot(serialized: try Data(contentsOf: file), model: model))
        var (loaded, rebuilt) = try HelpdeskIndex.load(from: folder, database: fixture.db, embeddings: model)
        #expect(!rebuilt && tickets(loaded) == tickets(index) && complaints(loaded) == complaints(index))

        // And they are what the load uses: vectors planted in the file (every ticket meaning the frost alert) come back
        let frost = PackedVector(model.embed("The frost alert came after the frost"))
        var planted = saved
        planted.tickets = TicketVectors(entries: saved.tickets.entries.map { ($0.id, frost, $0.bucket) })
        try planted.serialized(model: model).write(to: file)
        (loaded, _) = try HelpdeskIndex.load(from: folder, database: fixture.db, embeddings: model)
        #expect(loaded.ticketsAndVectors.vectors.entries.allSatisfy { $0.vector == frost })

        // But not when they were saved at another point of the change log: then they are embedded again
        planted.checkpoints = planted.checkpoints.map { $0 - 1 }
        try planted.serialized(model: model).write(to: file)
        (loaded, _) = try HelpdeskIndex.load(from: folder, database: fixture.db, embeddings: model)
        #expect(tickets(loaded) == tickets(index))

        // Nor when another model made them (its fingerprint differs), nor when the file is cut short
        var bytes = [UInt8](saved.serialized(model: model))
        bytes[40] ^= 0x55  // inside the fingerprint's values
        #expect(VectorSnapshot(serialized: Data(bytes), model: model) == nil)
        #expect(VectorSnapshot(serialized: saved.serialized(model: model).dropLast(3), model: model) == nil)
        #expect(VectorSnapshot(serialized: Data(), model: model) == nil)
    }

    /// A solution resolving one customer's complaint; with `planted`, a second complaint of theirs in words nobody
    /// else wrote. Returns the index (matching meaning), the agent and the solution.
    func store(planted: Bool) async throws -> (Fixture, HelpdeskIndex, User, Solution) {
        let fixture = try await Fixture.make()
        let index = meaningIndex(fixture)
        let (customer, _, agent, ticket) = try await fixture.scene()
        try await fixture.db.take(ticketId: ticket.requiredID, by: agent)
        let (_, solution) = try await fixture.db.resolve(
            ticketId: ticket.requiredID, by: agent,
            with: .new(SolutionDraft(title: "Track a parcel", steps: ["Open the tracking page and enter the parcel number."])))
        if planted {
            let complaint = try await fixture.db.createTicket(
                by: customer, subject: "Mon colis ZX9931Q n'est jamais arrivé",
                description: "Livraison prévue au 12 Quayside Lane, personne n'a sonné chez moi hier soir.")
            try await fixture.db.take(ticketId: complaint.requiredID, by: agent)
            _ = try await fixture.db.resolve(ticketId: complaint.requiredID, by: agent, with: .existing(id: solution.requiredID))
        }
        try index.catchUp(from: fixture.db)
        return (fixture, index, agent, solution)
    }

    @Test("what one customer wrote moves no other viewer's suggestions by meaning, while staff match it")
    func oneCustomersWordsStayPrivate() async throws {
        let (withFixture, with, agent, solution) = try await store(planted: true)
        let (_, without, _, _) = try await store(planted: false)
        let other = try await withFixture.customer("Bob")
        let queries = [
            "Mon colis n'est jamais arrivé, personne n'a sonné", "ZX9931Q", "Quayside Lane livraison hier soir",
            "where is my parcel",
        ]
        for query in queries {
            // Then anonymous visitors and other customers see exactly what they would see had it never been written
            for viewer in [nil, other] as [User?] {
                let seen = with.suggestSolutions(for: query, floor: 0, viewer: viewer).map { ($0.solution.title, $0.strength) }
                let unseen = without.suggestSolutions(for: query, floor: 0, viewer: viewer).map { ($0.solution.title, $0.strength) }
                #expect(seen.map(\.0) == unseen.map(\.0), "\(query)")
                #expect(zip(seen, unseen).allSatisfy { abs($0.1 - $1.1) < 1e-9 }, "\(query): \(seen) / \(unseen)")
            }
        }
        // And an agent's suggestion for the customer's own words is nearer for it
        let query = queries[0]
        let staff = with.suggestSolutions(for: query, floor: 0, viewer: agent).first { $0.solution.requiredID == solution.requiredID }
        let staffBefore = without.suggestSolutions(for: query, floor: 0, viewer: agent).first
        #expect((staff?.strength ?? 0) > (staffBefore?.strength ?? 0))
        // The same holds after a relearn of the public side
        try with.relearn(from: withFixture.db)
        let relearned = with.suggestSolutions(for: query, floor: 0, viewer: nil).map(\.strength)
        let never = without.suggestSolutions(for: query, floor: 0, viewer: nil).map(\.strength)
        #expect(relearned.count == never.count && zip(relearned, never).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test("the meaning weight is bounded: a negative one is words alone, a huge one is the largest allowed")
    func weightIsBounded() async throws {
        let fixture = try await Fixture.make()
        let index = meaningIndex(fixture)
        let admin = try await fixture.admin()
        _ = try await fixture.db.createSolution(
            by: admin,
            SolutionDraft(title: "Reset a forgotten password", steps: ["Open the sign-in screen and tap Forgot password."]))
        try index.catchUp(from: fixture.db)
        let text = "I cannot remember my login credentials"
        #expect(index.suggestSolutions(for: text, meaningWeight: -5, viewer: nil).isEmpty)
        let huge = index.suggestSolutions(for: text, floor: 0, meaningWeight: .infinity, viewer: nil)
        let largest = index.suggestSolutions(for: text, floor: 0, meaningWeight: HelpdeskIndex.maximumMeaningWeight, viewer: nil)
        #expect(huge.map(\.strength) == largest.map(\.strength))
        #expect(huge.allSatisfy { $0.strength.isFinite && $0.strength >= 0 && $0.strength <= 1 })
        #expect(index.suggestSolutions(for: text, floor: 0, meaningWeight: .nan, viewer: nil).allSatisfy { $0.strength.isFinite })
    }

    @Test("similar tickets: a resolved ticket in other words is found by meaning, follows its status and visibility")
    func similarTicketsByMeaning() async throws {
        let fixture = try await Fixture.make()
        let index = meaningIndex(fixture)
        let (customer, _, agent, printer) = try await fixture.scene()
        let locked = try await fixture.db.createTicket(
            by: customer, subject: "Cannot remember my login credentials",
            description: "I have no idea what I used when I signed up.")
        let text = "Forgotten password"
        try index.catchUp(from: fixture.db)
        // While it is open, it is not among the resolved ones
        #expect(try await index.searchTickets(text, bucket: "resolved", meaningWeight: 1, for: agent, in: fixture.db).isEmpty)
        for ticket in [locked, printer] {
            try await fixture.db.take(ticketId: ticket.requiredID, by: agent)
            _ = try await fixture.db.resolve(
                ticketId: ticket.requiredID, by: agent,
                with: .new(SolutionDraft(title: "Answer \(ticket.requiredID)", steps: ["Done for \(ticket.requiredID)."])))
        }
        try index.catchUp(from: fixture.db)
        // Words alone find nothing; meaning finds the login ticket first
        #expect(try await index.searchTickets(text, bucket: "resolved", for: agent, in: fixture.db).isEmpty)
        let found = try await index.searchTickets(
            text, bucket: "resolved", meaningWeight: HelpdeskIndex.defaultTicketMeaningWeight, for: agent, in: fixture.db)
        #expect(found.first?.ticket.id == locked.id, "\(found.map { ($0.ticket.subject, $0.strength) })")
        #expect(found.allSatisfy { $0.strength > 0 && $0.strength <= 1 })
        // Another customer sees none of them; their owner sees their own
        let bob = try await fixture.customer("Bob")
        #expect(try await index.searchTickets(text, meaningWeight: 1, for: bob, in: fixture.db).isEmpty)
        #expect(try await index.searchTickets(text, meaningWeight: 1, for: customer, in: fixture.db).first?.ticket.id == locked.id)
        // A rebuild and a snapshot load match the same
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try index.save(to: folder)
        let (loaded, _) = try HelpdeskIndex.load(from: folder, database: fixture.db, embeddings: model)
        let again = try await loaded.searchTickets(text, bucket: "resolved", meaningWeight: 0.5, for: agent, in: fixture.db)
        let before = try await index.searchTickets(text, bucket: "resolved", meaningWeight: 0.5, for: agent, in: fixture.db)
        #expect(again.map(\.ticket.id) == before.map(\.ticket.id))
        #expect(zip(again, before).allSatisfy { abs($0.strength - $1.strength) < 1e-9 })
        // Absurd sizes are bounded
        #expect(try await index.searchTickets(text, k: Int.max, meaningWeight: .infinity, for: agent, in: fixture.db).count <= 2)
        #expect(try await index.searchTickets(text, k: -3, meaningWeight: .nan, for: agent, in: fixture.db).isEmpty)
    }
}

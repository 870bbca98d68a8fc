import Foundation
import Logging
import SearchEngine
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Search index sync")
struct IndexTests {
    @Test("catch-up makes a new solution findable and a superseded one not")
    func catchUp() async throws {
        // Given a store with an attached index
        let f = try await Fixture.make()
        let index = HelpdeskIndex()
        f.db.attach(index: index)
        let (customer, admin, agent, ticket) = try await f.scene()
        // When a ticket is resolved with a new solution
        try await f.db.take(ticketId: ticket.requiredID, by: agent)
        let (_, v1) = try await f.db.resolve(
            ticketId: ticket.requiredID,
            by: agent,
            with: .new(SolutionDraft(title: "Reinstall the printer driver", steps: ["Open settings", "Remove the driver"]))
        )
        // Then the next query finds it by title, and (for staff) by the ticket's complaint
        var hits = index.suggestSolutions(for: "printer driver", viewer: customer)
        #expect(hits.map(\.solution.id) == [v1.id])
        hits = index.suggestSolutions(for: "shows offline since this morning", viewer: agent)
        #expect(hits.first?.solution.id == v1.id)
        // When it is revised, Then only the new version is found, and it keeps the complaints of the old one
        let v2 = try await f.db.reviseSolution(
            id: v1.requiredID,
            by: admin,
            SolutionDraft(title: "Update the printer driver", steps: ["Download it"])
        )
        hits = index.suggestSolutions(for: "printer driver", viewer: customer)
        #expect(hits.map(\.solution.id) == [v2.id])
        #expect(index.suggestSolutions(for: "offline morning", viewer: agent).first?.solution.id == v2.id)
        #expect(index.solutions.search(SearchRequest(text: "reinstall")).isEmpty)
        // When it is unpublished, Then it disappears
        _ = try await f.db.setSolutionPublished(id: v2.requiredID, false, by: admin)
        #expect(index.solutions.search(SearchRequest(text: "printer driver")).isEmpty)
        // And ticket search follows status buckets and visibility
        #expect(try await index.searchTickets("printer", bucket: "resolved", for: customer, in: f.db).map(\.ticket.id) == [ticket.id])
        let bob = try await f.customer("Bob")
        #expect(try await index.searchTickets("printer", for: bob, in: f.db).isEmpty)
        #expect(index.checkpoint > 0)
        // And a rebuild from scratch answers exactly like the caught-up index
        let rebuilt = HelpdeskIndex()
        try rebuilt.rebuild(from: f.db)
        for query in ["printer", "offline morning", "driver"] {
            #expect(rebuilt.solutions.search(SearchRequest(text: query)) == index.solutions.search(SearchRequest(text: query)))
            #expect(rebuilt.tickets.search(SearchRequest(text: query)) == index.tickets.search(SearchRequest(text: query)))
        }
        #expect(rebuilt.checkpoint == index.checkpoint)
    }

    @Test("a rebuild and a catch-up over many changes log which step runs and how far it is; quick ones log nothing")
    func progressLogged() async throws {
        // Given a store whose log is captured, with six tickets
        let capture = LogCapture()
        let logger = capture.logger()
        let f = try await Fixture.make(logger: logger)
        let (customer, _, _, _) = try await f.scene()
        for i in 1...5 {
            _ = try await f.db.createTicket(by: customer, subject: "Printer \(i) offline", description: "Since \(i) days.")
        }
        // When an index is rebuilt, reporting at every step
        try HelpdeskIndex(embeddings: Repository.shippedModel).rebuild(from: f.db, progressInterval: .zero)
        // Then the log names each step with how many of how many are done, and the end
        let rebuild = capture.lines.filter { $0.hasPrefix("rebuilding the search index") }
        #expect(rebuild.first?.hasPrefix("rebuilding the search index: reading solutions and the tickets they resolved done=0") == true)
        #expect(rebuild.contains { $0.hasPrefix("rebuilding the search index: reading tickets done=0") })
        #expect(rebuild.contains("rebuilding the search index: reading tickets done=6 percent=100 total=6"))
        #expect(rebuild.contains { $0.hasPrefix("rebuilding the search index: indexing done=0") })
        #expect(rebuild.contains("rebuilding the search index: embedding tickets done=6 percent=100 total=6"))
        #expect(rebuild.last?.hasPrefix("rebuilding the search index: done seconds=") == true)
        // When a new index catches up from the start of the change log
        try HelpdeskIndex().catchUp(from: f.db, progressInterval: .zero)
        let catchUp = capture.lines.filter { $0.hasPrefix("catching up the search index") }
        #expect(catchUp.first?.hasPrefix("catching up the search index: reading changes done=0") == true)
        #expect(catchUp.contains { $0.hasPrefix("catching up the search index: reading changes") && $0.contains("percent=100") })
        #expect(catchUp.last?.hasPrefix("catching up the search index: done") == true)
        // And with the default interval, work this small logs nothing
        let before = capture.lines.count
        try HelpdeskIndex().rebuild(from: f.db)
        try HelpdeskIndex().catchUp(from: f.db)
        #expect(capture.lines.count == before)
    }

    @Test("a catch-up over very many changes rebuilds instead, with the same answers; a small one reads them one by one")
    func bulkCatchUpRebuilds() async throws {
        // Given a store whose log is captured, with a resolved ticket and its solution, and twelve more tickets
        let capture = LogCapture()
        let logger = capture.logger()
        let f = try await Fixture.make(logger: logger)
        let (customer, _, agent, ticket) = try await f.scene()
        try await f.db.take(ticketId: ticket.requiredID, by: agent)
        _ = try await f.db.resolve(
            ticketId: ticket.requiredID, by: agent,
            with: .new(SolutionDraft(title: "Reinstall the printer driver", steps: ["Remove the driver"])))
        for i in 1...12 {
            _ = try await f.db.createTicket(by: customer, subject: "Scanner \(i) jams", description: "Paper stuck \(i) times.")
        }
        // When one index reads every change one by one and another may rebuild from five changed entities on
        let oneByOne = HelpdeskIndex()
        #expect(try oneByOne.catchUp(from: f.db, bulk: nil) >= 14)
        #expect(!capture.lines.contains { $0.hasPrefix("too many changes") })
        let bulk = HelpdeskIndex()
        try bulk.catchUp(from: f.db, bulk: 5)
        // Then the second rebuilt, says so, and answers as the first does, at the same checkpoint
        #expect(capture.lines.contains { $0.hasPrefix("too many changes to read one by one: rebuilding the search index instead") })
        #expect(bulk.checkpoint == oneByOne.checkpoint)
        #expect(bulk.hasCaughtUp)
        for text in ["scanner jams", "paper stuck 7 times", "printer"] {
            let a = try await oneByOne.searchTickets(text, for: agent, in: f.db).map(\.ticket.id)
            let b = try await bulk.searchTickets(text, for: agent, in: f.db).map(\.ticket.id)
            #expect(!a.isEmpty && a == b, "\(text)")
        }
        #expect(bulk.suggestSolutions(for: "printer driver", viewer: customer).map(\.solution.id)
            == oneByOne.suggestSolutions(for: "printer driver", viewer: customer).map(\.solution.id))
        // When one more ticket is filed, Then that change is read by itself, not by another rebuild
        let rebuilds = capture.lines.filter { $0.hasPrefix("too many changes") }.count
        _ = try await f.db.createTicket(by: customer, subject: "Stapler empty", description: "No staples left.")
        #expect(try bulk.catchUp(from: f.db, bulk: 5) == 1)
        #expect(capture.lines.filter { $0.hasPrefix("too many changes") }.count == rebuilds)
        #expect(try await bulk.searchTickets("stapler", for: agent, in: f.db).count == 1)
    }

    @Test("a complaint joins a reused solution's document unless its customer says it did not solve it")
    func verdictsDecideDocumentExpansion() async throws {
        // Given a stored solution about printers, reused for an unrelated complaint
        let f = try await Fixture.make()
        let (index, customer, agent, ticket, printer) = try await f.resolvedScene(
            title: "Reinstall the printer driver", steps: ["Remove the driver"])
        _ = try await f.db.recordVerdict(ticketId: ticket.requiredID, by: customer, .solved)
        let wrong = try await f.db.createTicket(
            by: customer, subject: "Parcel never arrived", description: "The courier says delivered but the parcel is missing.")
        try await f.db.take(ticketId: wrong.requiredID, by: agent)
        _ = try await f.db.resolve(ticketId: wrong.requiredID, by: agent, with: .existing(id: printer.requiredID))
        // Then until the customer judges it, the complaint's words find the solution
        #expect(index.suggestSolutions(for: "parcel courier delivered", viewer: agent).first?.solution.id == printer.id)
        // When the customer says it did not solve it, Then the complaint leaves the document, and the prior drops
        _ = try await f.db.recordVerdict(ticketId: wrong.requiredID, by: customer, .notSolved)
        #expect(index.suggestSolutions(for: "parcel courier delivered", viewer: agent).isEmpty)
        let judged = try await f.db.solution(id: printer.requiredID, for: nil)
        #expect(HelpdeskIndex.verdictPrior(judged) < 1.0 + 1e-9)
        #expect(index.suggestSolutions(for: "printer offline", viewer: agent).first?.solution.id == printer.id)
        // And a rebuild from the database agrees
        let rebuilt = HelpdeskIndex()
        try rebuilt.rebuild(from: f.db)
        #expect(rebuilt.solutions.search(SearchRequest(text: "parcel courier")).isEmpty)
    }

    @Test("the verdict prior is 1 for an unjudged solution and moves with the share of solved verdicts")
    func verdictPrior() async throws {
        func solution(solved: Int, failed: Int) -> Solution {
            Solution(
                id: 1, externalId: nil, title: "t", steps: ["s"], categoryId: nil, authorId: nil, createdAt: Date(),
                updatedAt: Date(), isPublished: true, previousVersionId: nil, supersededById: nil, reuseCount: 0,
                solvedCount: solved, notSolvedCount: failed)
        }
        #expect(HelpdeskIndex.verdictPrior(solution(solved: 0, failed: 0)) == 1.0)
        #expect(HelpdeskIndex.verdictPrior(solution(solved: 20, failed: 0)) > 1.2)
        #expect(HelpdeskIndex.verdictPrior(solution(solved: 0, failed: 20)) < 0.8)
        #expect(HelpdeskIndex.verdictPrior(solution(solved: 5, failed: 5)) == 1.0)
    }

    @Test("a reopened store with a saved snapshot answers the same")
    func snapshotRoundTrip() async throws {
        // Given a file store with an index and a few solutions, saved to a folder
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dbPath = folder.appendingPathComponent("care.sqlite").path
        let indexFolder = folder.appendingPathComponent("index").path
        let clock = TestClock()
        let before: [Int64?]
        do {
            let f = try Fixture(file: dbPath, clock: clock)
            let index = HelpdeskIndex()
            f.db.attach(index: index)
            let admin = try await f.admin()
            for (title, step) in [
                ("Reset the router", "Unplug it"), ("Renew the certificate", "Open the portal"),
                ("Router firmware update", "Download firmware"),
            ] {
                _ = try await f.db.createSolution(by: admin, SolutionDraft(title: title, steps: [step]))
            }
            before = index.suggestSolutions(for: "router", viewer: nil).map(\.solution.id)
            try index.save(to: indexFolder)
            // a change after the snapshot, which the reopened index must catch up on
            _ = try await f.db.createSolution(by: admin, SolutionDraft(title: "Router password", steps: ["Reset it"]))
        }
        #expect(before.count == 2)
        // When the store is reopened and the snapshot loaded
        let g = try Fixture(file: dbPath, clock: clock)
        let (index, rebuilt) = try HelpdeskIndex.load(from: indexFolder, database: g.db)
        g.db.attach(index: index)
        // Then it was not rebuilt, and answers with the later change included
        #expect(!rebuilt)
        let after = index.suggestSolutions(for: "router", viewer: nil).map(\.solution.id)
        #expect(after.count == 3 && Set(after).isSuperset(of: Set(before)))
        #expect(index.documentCount(of: \.solutions) == 4)
    }

    @Test("a missing, corrupted or stale snapshot is rebuilt")
    func badSnapshots() async throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let f = try await Fixture.make()
        let admin = try await f.admin()
        _ = try await f.db.createSolution(by: admin, SolutionDraft(title: "Reset the router", steps: ["Unplug it"]))
        // Missing
        var (index, rebuilt) = try HelpdeskIndex.load(from: folder.appendingPathComponent("none").path, database: f.db)
        #expect(rebuilt && index.solutions.documentCount == 1)
        // Corrupted
        let saved = folder.appendingPathComponent("snap").path
        try index.save(to: saved)
        let file = URL(fileURLWithPath: saved).appendingPathComponent("solutions.index")
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: file)
        (index, rebuilt) = try HelpdeskIndex.load(from: saved, database: f.db)
        #expect(rebuilt && index.solutions.documentCount == 1)
        // Stale: a snapshot from a database with more history than this one
        let other = try await Fixture.make()
        let otherAdmin = try await other.admin()
        for n in 0..<5 { _ = try await other.db.createSolution(by: otherAdmin, SolutionDraft(title: "S\(n)", steps: ["x"])) }
        let otherIndex = HelpdeskIndex()
        try otherIndex.rebuild(from: other.db)
        try otherIndex.save(to: saved)
        (index, rebuilt) = try HelpdeskIndex.load(from: saved, database: f.db)
        #expect(rebuilt && index.solutions.documentCount == 1)
    }
}

extension HelpdeskIndex {
    func documentCount(of keyPath: KeyPath<HelpdeskIndex, SearchIndex>) -> Int { self[keyPath: keyPath].documentCount }
}

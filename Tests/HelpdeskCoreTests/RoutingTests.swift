import Foundation
import GRDB
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Expertise routing and auto-assign")
struct RoutingTests {
    /// Two agents: Grace resolved printer tickets, Linus resolved billing tickets.
    func history(_ f: Fixture) async throws -> (admin: User, grace: User, linus: User, index: HelpdeskIndex) {
        let index = HelpdeskIndex()
        f.db.attach(index: index)
        let customer = try await f.customer()
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin, capacity: 3)
        let linus = try await f.agent("Linus", by: admin, capacity: 3)
        let work: [(User, String, String)] = [
            (grace, "Printer offline", "The office printer shows offline after the update."),
            (grace, "Printer jams", "Paper jam in tray 2 every morning, printer stops."),
            (linus, "Charged twice", "My card was charged twice for the March invoice."),
            (linus, "Refund missing", "The refund for my cancelled subscription has not arrived."),
            (linus, "Invoice address wrong", "The invoice shows my old billing address."),
        ]
        for (agent, subject, description) in work {
            let t = try await f.db.createTicket(by: customer, subject: subject, description: description)
            _ = try await f.db.assign(ticketId: t.requiredID, to: agent.requiredID, by: admin)
            _ = try await f.db.resolve(ticketId: t.requiredID, by: agent, with: .new(SolutionDraft(title: subject, steps: ["Fix it"])))
        }
        return (admin, grace, linus, index)
    }

    @Test("The agent who resolved similar tickets ranks first, with those tickets as the explanation")
    func specialistFirst() async throws {
        let f = try await Fixture.make()
        let (_, grace, linus, index) = try await history(f)
        let printer = try await ExpertiseRanker().rank(text: "printer offline again", index: index, database: f.db, now: f.clock.now)
        #expect(printer.first?.agent.id == grace.id)
        #expect(printer.first?.evidence.isEmpty == false)
        let billing = try await ExpertiseRanker().rank(text: "charged twice on my invoice", index: index, database: f.db, now: f.clock.now)
        #expect(billing.first?.agent.id == linus.id)
        #expect(billing.last?.history == 0, "Grace resolved nothing about billing")
        #expect(billing.last?.level == AgentRanking.Level.none)
    }

    @Test("A busy generalist with many loosely related resolutions does not bury a specialist with close ones")
    func generalistDoesNotBurySpecialist() async throws {
        let f = try await Fixture.make()
        let index = HelpdeskIndex()
        f.db.attach(index: index)
        let customer = try await f.customer()
        let admin = try await f.admin()
        let specialist = try await f.agent("Vera", by: admin, capacity: 50)
        let generalist = try await f.agent("Gene", by: admin, capacity: 50)
        var work: [(User, String, String)] = [
            (specialist, "VPN tunnel drops after sleep", "The VPN tunnel drops every time the laptop wakes from sleep."),
            (specialist, "VPN tunnel will not reconnect", "After sleep the VPN tunnel stays down until I reboot."),
        ]
        // Thirty tickets that share one word ("laptop") with the new one, and a hundred unrelated ones.
        for n in 0..<30 { work.append((generalist, "Laptop keyboard \(n)", "A key on the laptop keyboard sticks, model \(n).")) }
        for n in 0..<100 { work.append((generalist, "Password reset \(n)", "Cannot reset my password, attempt \(n).")) }
        for (agent, subject, description) in work {
            let t = try await f.db.createTicket(by: customer, subject: subject, description: description)
            _ = try await f.db.assign(ticketId: t.requiredID, to: agent.requiredID, by: admin)
            _ = try await f.db.resolve(ticketId: t.requiredID, by: agent, with: .new(SolutionDraft(title: subject, steps: ["Fix it"])))
        }
        let ranking = try await ExpertiseRanker().rank(
            text: "VPN tunnel drops when my laptop wakes up", index: index, database: f.db, now: f.clock.now)
        #expect(ranking.first?.agent.id == specialist.id)
        #expect(ranking.count == 2 && ranking[1].score > 0, "the generalist gets some credit, just less")
    }

    @Test("Auto-assign picks the best available agent, skips full and deactivated ones, and waits when nobody is free")
    func autoAssign() async throws {
        let f = try await Fixture.make()
        let (admin, grace, linus, index) = try await history(f)
        let customer = try await f.customer("Bob")
        let t1 = try await f.db.createTicket(by: customer, subject: "Printer offline", description: "printer offline")
        #expect(try await f.db.autoAssign(ticketId: t1.requiredID, by: admin, index: index)?.assigneeId == grace.id)
        // Grace deactivated: the next printer ticket goes to Linus.
        _ = try await f.db.deactivateAgent(id: grace.requiredID, by: admin)
        let t2 = try await f.db.createTicket(by: customer, subject: "Printer jam", description: "printer jams")
        #expect(try await f.db.autoAssign(ticketId: t2.requiredID, by: admin, index: index)?.assigneeId == linus.id)
        // Linus full (capacity 3): tickets wait in the queue.
        for i in 0..<2 {
            let t = try await f.db.createTicket(by: customer, subject: "Refund \(i)", description: "refund missing")
            _ = try await f.db.autoAssign(ticketId: t.requiredID, by: admin, index: index)
        }
        let waiting = try await f.db.createTicket(by: customer, subject: "Refund late", description: "refund missing")
        #expect(try await f.db.autoAssign(ticketId: waiting.requiredID, by: admin, index: index) == nil)
        #expect(try await f.db.ticket(id: waiting.requiredID, for: admin).assigneeId == nil)
    }

    @Test("Concurrent auto-assigns never push an agent past capacity")
    func concurrentCapacity() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("routing-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let f = try Fixture(file: path)
        let (admin, grace, linus, index) = try await history(f)
        let customer = try await f.customer("Bob")
        var ids: [Int64] = []
        for i in 0..<10 {
            ids.append(try await f.db.createTicket(by: customer, subject: "Printer \(i)", description: "printer offline").requiredID)
        }
        let assigned = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for id in ids { group.addTask { try await f.db.autoAssign(ticketId: id, by: admin, index: index)?.assigneeId } }
            var result: [Int64?] = []
            for try await a in group { result.append(a) }
            return result
        }
        let loads = try await f.db.activeAgentLoads()
        for load in loads { #expect(load.openTickets <= load.agent.capacity, "\(load.agent.name) over capacity") }
        #expect(assigned.compactMap { $0 }.count == 6, "3 + 3 places, 4 tickets wait")
        #expect(Set(assigned.compactMap { $0 }) == [grace.requiredID, linus.requiredID])
    }
}

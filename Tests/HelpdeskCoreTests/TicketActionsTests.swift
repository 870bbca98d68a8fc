import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// The buttons a ticket page draws come from `TicketWorkflow.actions`, the same checks the writes enforce: for every
/// status, every kind of person and every action, the action is offered exactly when doing it succeeds.
@Suite("What each person may do with a ticket")
struct TicketActionsTests {
    enum State: String, CaseIterable { case new, assigned, inProgress, waiting, resolved, closed }
    enum Trial: String, CaseIterable { case reply, note, take, assign, resolve, inProgress, waiting, close, reopen }

    struct Scene {
        let f: Fixture
        let ada: User
        let admin: User
        let grace: User
        let alan: User
    }

    func scene() async throws -> Scene {
        let f = try await Fixture.make()
        let ada = try await f.customer("Ada")
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin, capacity: 500)
        let alan = try await f.agent("Alan", by: admin, capacity: 500)
        return Scene(f: f, ada: ada, admin: admin, grace: grace, alan: alan)
    }

    /// A fresh ticket of Ada's in `state`, handled by Grace once assigned.
    func ticket(_ state: State, in s: Scene) async throws -> Ticket {
        let ticket = try await s.f.db.createTicket(by: s.ada, subject: "Printer offline", description: "It shows offline.")
        let id = ticket.requiredID
        if state == .new { return ticket }
        try await s.f.db.take(ticketId: id, by: s.grace)
        switch state {
        case .new, .assigned: break
        case .inProgress: try await s.f.db.changeStatus(ticketId: id, to: .inProgress, by: s.grace)
        case .waiting: try await s.f.db.changeStatus(ticketId: id, to: .waitingOnCustomer, by: s.grace)
        case .resolved, .closed:
            _ = try await s.f.db.resolve(
                ticketId: id, by: s.grace, with: .new(SolutionDraft(title: "Restart it \(id)", steps: ["Restart the printer."])))
            if state == .closed { try await s.f.db.changeStatus(ticketId: id, to: .closed, by: s.grace) }
        }
        return try await s.f.db.ticket(id: id, for: s.admin)
    }

    func offered(_ trial: Trial, _ actions: TicketActions) -> Bool {
        switch trial {
        case .reply: actions.reply
        case .note: actions.internalNote
        case .take: actions.take
        case .assign: actions.assign
        case .resolve: actions.resolve
        case .inProgress: actions.statusChanges.contains(.inProgress)
        case .waiting: actions.statusChanges.contains(.waitingOnCustomer)
        case .close: actions.close
        case .reopen: actions.reopen
        }
    }

    /// Whether doing `trial` on `ticket` as `actor` succeeds.
    func succeeds(_ trial: Trial, on ticket: Ticket, by actor: User, in s: Scene) async -> Bool {
        let id = ticket.requiredID
        do {
            switch trial {
            case .reply: _ = try await s.f.db.reply(to: id, by: actor, body: "A word")
            case .note: _ = try await s.f.db.reply(to: id, by: actor, body: "A note", internalNote: true)
            case .take: try await s.f.db.take(ticketId: id, by: actor)
            case .assign:
                // To someone else: to oneself is taking it
                let other = actor.id == s.alan.id ? s.grace : s.alan
                try await s.f.db.assign(ticketId: id, to: other.requiredID, by: actor)
            case .resolve:
                _ = try await s.f.db.resolve(
                    ticketId: id, by: actor, with: .new(SolutionDraft(title: "Fix \(id)", steps: ["Do it."])))
            case .inProgress: try await s.f.db.changeStatus(ticketId: id, to: .inProgress, by: actor)
            case .waiting: try await s.f.db.changeStatus(ticketId: id, to: .waitingOnCustomer, by: actor)
            case .close: try await s.f.db.changeStatus(ticketId: id, to: .closed, by: actor)
            case .reopen: try await s.f.db.changeStatus(ticketId: id, to: TicketWorkflow.reopenedStatus(for: ticket), by: actor)
            }
            return true
        } catch {
            return false
        }
    }

    @Test("every action is offered exactly when doing it succeeds, for every status and every person who sees the ticket")
    func buttonsFollowTheRules() async throws {
        let s = try await scene()
        var offeredCount = 0
        for state in State.allCases {
            for actor in [s.ada, s.grace, s.alan, s.admin] {
                for trial in Trial.allCases {
                    let ticket = try await ticket(state, in: s)
                    // A page is only drawn for someone who may see the ticket.
                    guard (try? await s.f.db.ticket(id: ticket.requiredID, for: actor)) != nil else { continue }
                    let actions = s.f.db.actions(for: actor, on: ticket)
                    let offer = offered(trial, actions)
                    offeredCount += offer ? 1 : 0
                    let done = await succeeds(trial, on: ticket, by: actor, in: s)
                    #expect(offer == done, "\(state.rawValue) ticket, \(actor.name), \(trial.rawValue): offered \(offer), succeeded \(done)")
                }
            }
        }
        // Not a table of refusals only
        #expect(offeredCount > 30)
    }

    @Test("a customer is offered no reopening, and no reply, once the reopening window has passed; staff still are")
    func theWindowCloses() async throws {
        let s = try await scene()
        let forAda = try await ticket(.resolved, in: s)
        let forGrace = try await ticket(.resolved, in: s)
        #expect(s.f.db.actions(for: s.ada, on: forAda).reopen)
        s.f.clock.advance(by: s.f.db.configuration.reopenWindow + 3_600)
        let late = s.f.db.actions(for: s.ada, on: forAda)
        #expect(!late.reopen && !late.reply && late.close)
        #expect(await succeeds(.reopen, on: forAda, by: s.ada, in: s) == false)
        #expect(await succeeds(.reply, on: forAda, by: s.ada, in: s) == false)
        #expect(s.f.db.actions(for: s.grace, on: forGrace).reopen)
        #expect(await succeeds(.reopen, on: forGrace, by: s.grace, in: s))
    }
}

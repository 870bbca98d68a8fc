import Foundation
import HelpdeskCore
import Hummingbird

/// A one-button action of a ticket page (take, assign, a status change, the customer's close, reopen and verdict).
enum TicketAction: Sendable, Equatable {
    case take
    /// Assigning to the agent with this id.
    case assign(agentId: Int64)
    case autoAssign
    /// A status change from the staff page.
    case status(TicketStatus)
    case close
    case reopen
    case verdict(Verdict)
}

/// Turns the refusal of a one-button action into a sentence in plain words about the ticket as it is now
/// ("Ana Ruiz took this ticket a moment ago.", "This ticket is already closed."), shown beside the actions of the
/// ticket page the browser is sent back to.
enum TicketActionRefusal {
    /// Whether a refusal is answered in place (a conflict, a step the workflow does not allow, a refused choice); not
    /// found and not allowed keep their error pages.
    static func answersInPlace(_ error: HelpdeskError) -> Bool {
        switch error {
        case .conflict, .invalidTransition, .invalidInput: true
        default: false
        }
    }

    /// The sentence for `error`, refused to `viewer` doing `action` on `ticket` (read again after the refusal).
    /// - Parameter name: the name of the user with an id (the agent holding the ticket, the one chosen).
    static func notice(
        _ error: HelpdeskError, action: TicketAction, ticket: Ticket, viewer: User, name: (Int64) async -> String?
    ) async -> String {
        let staff = viewer.role.isStaff
        let noun = staff ? "ticket" : "request"
        let label = (staff ? ViewModels.staffStatusLabel(ticket.status) : ViewModels.statusLabel(ticket.status)).lowercased()
        let holder: String? =
            if let assigneeId = ticket.assigneeId, assigneeId != viewer.id { await name(assigneeId) } else { nil }

        // A verdict that may no longer change says so itself, in plain words.
        if case .verdict = action, case .conflict = error { return error.message }
        if ticket.status == .closed {
            return ticket.mergedIntoId.map { "This \(noun) was merged into #\($0)." } ?? "This \(noun) is already closed."
        }
        switch action {
        case .take:
            if ticket.assigneeId == viewer.id { return "This ticket is already yours." }
            if let holder { return "\(holder) took this ticket a moment ago." }
            return "This ticket is \(label) now, so it cannot be taken."
        case .assign(let agentId):
            if case .conflict = error, let chosen = await name(agentId) {
                return "\(chosen) has no room for another ticket: \(error.message) Choose another agent."
            }
            if case .invalidInput = error { return error.message }
            return "This ticket is \(label) now, so it cannot be assigned."
        case .autoAssign:
            if case .conflict = error { return "Every active agent is at capacity, so nobody was assigned." }
            return "This ticket is \(label) now, so it cannot be assigned."
        case .status(let target):
            if ticket.status == target {
                return "This ticket is already \(ViewModels.staffStatusLabel(target).lowercased())."
            }
            if ticket.status == .resolved, target != .closed {
                return "This ticket was resolved a moment ago; reopen it first."
            }
            if let holder, viewer.role != .admin { return "\(holder) holds this ticket now, so only they or an admin can change it." }
            return "This ticket is \(label) now. \(reason(error))"
        case .close:
            return "This request is \(label) now. \(reason(error))"
        case .reopen:
            if ticket.status.isOpen { return "This request is already open; we are working on it." }
            return "This request cannot be reopened. \(reason(error))"
        case .verdict(let verdict):
            if ticket.status.isOpen {
                return verdict == .solved
                    ? "This request was reopened, so it no longer waits for your answer. If the problem is solved, tell us in a message."
                    : "This request is already open again; we are looking at it."
            }
            return "This request is \(label) now, so it no longer waits for your answer."
        }
    }

    /// The workflow's reason as a sentence ("Only the customer or an admin can close an unresolved ticket.").
    static func reason(_ error: HelpdeskError) -> String {
        let text: String =
            switch error {
            case .invalidTransition(_, _, let reason): reason
            default: error.message
            }
        guard let first = text.first else { return "" }
        let sentence = first.uppercased() + text.dropFirst()
        return sentence.hasSuffix(".") ? sentence : sentence + "."
    }
}

extension AppServices {
    /// Runs a one-button action of a ticket page. A refusal answered in place (see
    /// `TicketActionRefusal.answersInPlace`) sends the browser back to `back` (303) with a notice in plain words shown
    /// beside the actions; every other error goes on to the error page.
    /// - Parameters:
    ///   - ticketId: the ticket, read again after a refusal to say how it stands now.
    ///   - back: the page to go back to (the ticket page).
    ///   - body: the action; it sets its own success notice and returns where to go.
    func ticketAction(
        _ action: TicketAction, ticketId: Int64, by viewer: User, back: String, context: AppRequestContext,
        _ body: () async throws -> Response
    ) async throws -> Response {
        do {
            return try await body()
        } catch let error as HelpdeskError {
            if case .notFound(entity: "ticket", _) = error {
                if let moved = try await colleagueTook(ticketId, action: action, viewer: viewer, context: context) { return moved }
                throw error
            }
            guard TicketActionRefusal.answersInPlace(error) else { throw error }
            let ticket: Ticket
            do {
                ticket = try await database.ticket(id: ticketId, for: viewer)
            } catch HelpdeskError.notFound(entity: "ticket", _) {
                if let moved = try await colleagueTook(ticketId, action: action, viewer: viewer, context: context) { return moved }
                throw error
            }
            let database = self.database
            let notice = await TicketActionRefusal.notice(error, action: action, ticket: ticket, viewer: viewer) { id in
                try? await database.user(id: id).name
            }
            context.logger.debug("ticket action refused", metadata: ["ticket": "\(ticketId)", "error": "\(error)"])
            context.setFlash(notice, refused: true)
            return redirect(back)
        }
    }

    /// An agent's action on a ticket a colleague holds now (so the agent no longer sees it): back to the queue with
    /// the colleague's name, when the agent opened the ticket before; nil otherwise (the ticket stays unknown: 404).
    private func colleagueTook(
        _ ticketId: Int64, action: TicketAction, viewer: User, context: AppRequestContext
    ) async throws -> Response? {
        guard viewer.role.isStaff, let name = try await database.colleagueHolding(ticketId: ticketId, openedBy: viewer)
        else { return nil }
        context.setFlash(
            action == .take
                ? "\(name) took ticket #\(ticketId) a moment ago." : "Ticket #\(ticketId) is held by \(name) now, so it left your queue.",
            refused: true)
        return redirect("/agent")
    }
}

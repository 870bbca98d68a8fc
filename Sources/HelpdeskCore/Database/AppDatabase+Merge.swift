import Foundation

extension AppDatabase {
    // MARK: - Merging

    /// Merges `sourceId` into `targetId`: the source thread moves to the target (messages re-parented, marked with
    /// `mergedFromTicketId`), system notes record the merge on both, the source is closed with `mergedIntoId`, and
    /// the customer is mailed. Both tickets must belong to the same customer, so no one sees another's messages.
    /// - Throws: `.notFound` when either ticket is not visible; `.forbidden` for customers; `.conflict` otherwise.
    @discardableResult
    public func merge(ticketId sourceId: Int64, into targetId: Int64, by actor: User) async throws -> Ticket {
        let at = now()
        return try await sqlWriteIndexed { db in
            let (found, actor) = try self.visibleTicketForWrite(db, id: sourceId, actor: actor)
            var source = found
            var target = try Self.visibleTicket(db, id: targetId, for: actor)
            try Permissions.requireStaff(actor)
            guard sourceId != targetId else { throw HelpdeskError.conflict("A ticket cannot be merged into itself.") }
            guard source.customerId == target.customerId else {
                throw HelpdeskError.conflict("Only tickets of the same customer can be merged.")
            }
            guard source.status != .closed, source.mergedIntoId == nil else {
                throw HelpdeskError.conflict("Ticket #\(sourceId) is already closed.")
            }
            guard target.status != .closed, target.mergedIntoId == nil else {
                throw HelpdeskError.conflict("Ticket #\(targetId) is closed; merge into an open ticket.")
            }
            try db.execute(
                """
                UPDATE ticketMessage SET ticketId = ?, mergedFromTicketId = COALESCE(mergedFromTicketId, ?)
                WHERE ticketId = ?
                """,
                targetId, sourceId, sourceId)
            var moved = TicketMessage(
                id: nil,
                ticketId: targetId,
                authorId: actor.id,
                kind: .system,
                body: "Merged from #\(sourceId) \"\(source.subject)\":\n\n\(source.description)",
                createdAt: at,
                mergedFromTicketId: sourceId
            )
            moved.id = try db.insert(moved)
            // The source's files go along: those of the request now belong to the note that quotes it.
            try db.execute("UPDATE attachment SET messageId = ? WHERE ticketId = ? AND messageId IS NULL", moved.id, sourceId)
            try db.execute("UPDATE attachment SET ticketId = ? WHERE ticketId = ?", targetId, sourceId)
            var stub = TicketMessage(
                id: nil,
                ticketId: sourceId,
                authorId: actor.id,
                kind: .system,
                body: "Merged into #\(targetId) \"\(target.subject)\"; the conversation continues there.",
                createdAt: at,
                mergedFromTicketId: nil
            )
            stub.id = try db.insert(stub)
            source.mergedIntoId = targetId
            source.closedAt = at
            try self.setStatus(db, &source, .closed, actor: actor, at: at, action: "merged")
            try db.update(source)
            target.updatedAt = at
            try db.update(target)
            try self.audit(
                db,
                entity: "ticket",
                entityId: "\(targetId)",
                ticketId: targetId,
                actorId: actor.id,
                action: "mergedFrom",
                field: "mergedFromTicketId",
                after: "\(sourceId)",
                at: at
            )
            try self.logChange(db, .ticket, sourceId, at: at)
            try self.logChange(db, .ticket, targetId, at: at)
            if let customer = try db.find(User.self, id: source.customerId) {
                let path = "/tickets/\(targetId)"
                try self.enqueueMail(
                    db,
                    kind: .ticketMerged,
                    to: customer.email,
                    subject: "Your requests #\(sourceId) and #\(targetId) were merged",
                    body: """
                        Hello \(customer.name),

                        Your request #\(sourceId) "\(source.subject)" was merged into #\(targetId) "\(target.subject)".
                        Nothing was lost: the whole conversation continues here:
                        \(self.link(path))
                        """,
                    payload: ["ticketId": "\(targetId)", "sourceTicketId": "\(sourceId)", "path": path],
                    at: at
                )
            }
            return target
        }
    }
}

import Foundation
import GRDB

// Where the SQL layer meets code still written on GRDB, while the store moves onto the SQL layer; each seam goes once
// both of its sides are on the SQL layer.
//
// - GRDB overloads of SQL-layer helpers (attachments, SLA targets) for the ticket and workflow writes not yet ported.
// - SQL-layer forms of helpers still written on GRDB (the acting user's ticket, status changes, reopening, customer
//   activity), for the solution and verdict writes: on SQLite they run in the same transaction; on PostgreSQL they
//   throw `StoreUnsupported` until their own ports, which have these signatures, replace them.

extension AppDatabase {
    // MARK: - SQL-layer helpers, for GRDB callers

    /// Records `files` (already in place in the store) on `ticketId`, for `messageId` or for the request itself.
    /// - Returns: the rows, in order.
    func recordAttachments(
        _ db: Database, _ files: [StoredAttachment], ticketId: Int64, messageId: Int64?, at: Date
    ) throws -> [Attachment] {
        try recordAttachments(SQLiteExecutor(db: db), files, ticketId: ticketId, messageId: messageId, at: at)
    }

    /// The attachments of ticket `ticketId` that belong to the request itself or to one of `messages`, oldest first.
    static func attachments(_ db: Database, ticketId: Int64, messages: [TicketMessage]) throws -> [Attachment] {
        try attachments(SQLiteExecutor(db: db), ticketId: ticketId, messages: messages)
    }

    /// The SLA targets of `priority`: the stored ones, or the defaults.
    func slaPolicy(_ db: Database, _ priority: TicketPriority) throws -> SLAPolicy {
        try slaPolicy(SQLiteExecutor(db: db), priority)
    }

    // MARK: - GRDB helpers, for SQL-layer callers

    /// The GRDB connection under `sql`.
    /// - Throws: `StoreUnsupported` on PostgreSQL.
    private func grdbConnection(_ sql: any SQLExecutor) throws -> Database {
        guard let sqlite = sql as? SQLiteExecutor else { throw StoreUnsupported() }
        return sqlite.db
    }

    /// Records on `ticket` that its customer just `action`-ed (the caller saves the ticket in the same transaction)
    /// and writes a mail to the assignee, or to the admins while nobody holds the ticket when
    /// `notifyAdminsWhenUnassigned`.
    func noteCustomerActivity(
        _ sql: any SQLExecutor, _ ticket: inout Ticket, _ action: CustomerAction, by customer: User, words: String? = nil,
        solutionTitle: String? = nil, messageId: Int64? = nil, attachments: [Attachment] = [], at: Date,
        notifyAdminsWhenUnassigned: Bool
    ) throws {
        try noteCustomerActivity(
            try grdbConnection(sql), &ticket, action, by: customer, words: words, solutionTitle: solutionTitle,
            messageId: messageId, attachments: attachments, at: at, notifyAdminsWhenUnassigned: notifyAdminsWhenUnassigned)
    }
}

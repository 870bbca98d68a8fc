import Foundation
import GRDB

// Temporary: SQL-layer forms of helpers whose files are being ported at the same time.
extension AppDatabase {
    func slaPolicy(_ sql: any SQLExecutor, _ priority: TicketPriority) throws -> SLAPolicy {
        try sql.fetchOne(SLAPolicy.self, "SELECT * FROM slaPolicy WHERE priority = ?", priority.rawValue)
            ?? SLAPolicy.defaults.first { $0.priority == priority }!
    }

    func recordAttachments(
        _ sql: any SQLExecutor, _ files: [StoredAttachment], ticketId: Int64, messageId: Int64?, at: Date
    ) throws -> [Attachment] {
        try files.map { file in
            var row = Attachment(
                id: nil, ticketId: ticketId, messageId: messageId, sha256: file.sha256, fileName: file.fileName,
                contentType: file.contentType, size: Int64(file.size), createdAt: at)
            row.id = try sql.insert(row)
            return row
        }
    }

    static func attachments(_ sql: any SQLExecutor, ticketId: Int64, messages: [TicketMessage]) throws -> [Attachment] {
        let visible = Set(messages.compactMap(\.id))
        return try sql.fetchAll(Attachment.self, "SELECT * FROM attachment WHERE ticketId = ? ORDER BY id", ticketId)
            .filter { attachment in attachment.messageId.map(visible.contains) ?? true }
    }

    func noteCustomerActivity(
        _ sql: any SQLExecutor, _ ticket: inout Ticket, _ action: CustomerAction, by customer: User, words: String? = nil,
        solutionTitle: String? = nil, messageId: Int64? = nil, attachments: [Attachment] = [], at: Date,
        notifyAdminsWhenUnassigned: Bool
    ) throws {
        guard let sqlite = sql as? SQLiteExecutor else { throw StoreUnsupported() }
        try noteCustomerActivity(
            sqlite.db, &ticket, action, by: customer, words: words, solutionTitle: solutionTitle, messageId: messageId,
            attachments: attachments, at: at, notifyAdminsWhenUnassigned: notifyAdminsWhenUnassigned)
    }

    static func openTicketCounts(_ sql: any SQLExecutor) throws -> [Int64: Int] {
        let rows = try sql.rows(
            "SELECT assigneeId, COUNT(*) AS n FROM ticket WHERE assigneeId IS NOT NULL AND status IN (?, ?, ?, ?) GROUP BY assigneeId",
            TicketStatus.open.map { .text($0.rawValue) })
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.int64("assigneeId"), try $0.int("n")) })
    }
}

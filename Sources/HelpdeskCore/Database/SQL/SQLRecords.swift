import Foundation

// Rows of the SQL layer read into the domain's values, and the shared helpers of writes, for both stores.

extension AppDatabase {
    /// Fetches the acting user fresh and checks that the account is active.
    func activeUser(_ sql: any SQLExecutor, _ user: User) throws -> User {
        guard let id = user.id, let fresh = try sql.find(User.self, id: id), fresh.isActive
        else { throw HelpdeskError.forbidden("This account is not active.") }
        return fresh
    }

    /// Appends an audit row.
    func audit(
        _ sql: any SQLExecutor, entity: String, entityId: String, ticketId: Int64? = nil, actorId: Int64?, action: String,
        field: String? = nil, before: String? = nil, after: String? = nil, at: Date
    ) throws {
        try sql.execute(
            """
            INSERT INTO auditEntry (entity, entityId, ticketId, actorId, at, action, field, before, after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                entity.sqlValue, entityId.sqlValue, ticketId.sqlValue, actorId.sqlValue, at.sqlValue, action.sqlValue,
                field.sqlValue, before.sqlValue, after.sqlValue,
            ])
    }
}

// Every table's record, for `fetchAll`, `insert` and `update` on the SQL layer.
extension APIToken: SQLStored {}
extension Attachment: SQLStored {}
extension AuditEntry: SQLStored {}
extension Category: SQLStored {}
extension ChangeLogEntry: SQLStored {}
extension Deflection: SQLStored {}
extension Identity: SQLStored {}
extension OneTimeToken: SQLStored {}
extension OutboxMail: SQLStored {}
extension SLAPolicy: SQLStored {}
extension Solution: SQLStored {}
extension StoredSession: SQLStored {}
extension SuggestionEvent: SQLStored {}
extension Ticket: SQLStored {}
extension TicketMessage: SQLStored {}
extension TicketSolution: SQLStored {}
extension TicketView: SQLStored {}
extension User: SQLStored {}

extension AppDatabase {
    /// The PostgreSQL advisory lock that change-log writers hold until they commit, so that sequence numbers become
    /// visible in the order they were handed out and a catch-up that has read up to `seq` never misses a smaller one
    /// committed later (SQLite writers are serial already).
    static let changeLogLock: Int64 = 7_263_502

    /// Takes the change log's advisory lock until the transaction ends (PostgreSQL; a no-op on SQLite, whose writers are
    /// serial). Indexed writes hold it already (`sqlWriteIndexed`), and then this returns at once; it keeps any other
    /// writer of the change log in order too.
    static func lockChangeLog(_ sql: any SQLExecutor) throws {
        if sql.dialect == .postgres { _ = try sql.rows("SELECT pg_advisory_xact_lock(?)", changeLogLock) }
    }

    /// Appends a change-log row so the search index re-reads the entity.
    func logChange(_ sql: any SQLExecutor, _ entity: IndexedEntity, _ id: Int64, at: Date) throws {
        try Self.lockChangeLog(sql)
        try sql.insert(ChangeLogEntry(seq: nil, entity: entity, entityId: id, at: at), returning: "seq")
    }

    /// Writes a mail to the outbox.
    @discardableResult
    func enqueueMail(
        _ sql: any SQLExecutor, kind: MailKind, to recipient: String, subject: String, body: String,
        payload: [String: String], at: Date
    ) throws -> OutboxMail {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        var mail = OutboxMail(
            id: nil, kind: kind, recipient: recipient, subject: subject, body: body, payload: json, createdAt: at, sentAt: nil,
            attempts: 0, lastError: nil)
        mail.id = try sql.insert(mail)
        return mail
    }

    /// Creates a single-use token row and returns the plain token.
    func issueToken(
        _ sql: any SQLExecutor, userId: Int64, purpose: TokenPurpose, lifetime: TimeInterval, ticketId: Int64? = nil, at: Date
    ) throws -> String {
        let token = SecureToken.generate()
        try sql.insert(
            OneTimeToken(
                id: nil, userId: userId, purpose: purpose, tokenHash: SecureToken.hash(token), ticketId: ticketId, createdAt: at,
                expiresAt: at.addingTimeInterval(lifetime), usedAt: nil))
        return token
    }

    /// Finds a usable token, marks it used, and returns it.
    func consumeToken(_ sql: any SQLExecutor, _ token: String, purpose: TokenPurpose, at: Date) throws -> OneTimeToken {
        guard
            var row = try sql.fetchOne(
                OneTimeToken.self, "SELECT * FROM oneTimeToken WHERE tokenHash = ? AND purpose = ?", SecureToken.hash(token),
                purpose.rawValue)
        else { throw HelpdeskError.invalidToken(reason: "This link is not valid.") }
        guard row.usedAt == nil else { throw HelpdeskError.invalidToken(reason: "This link has already been used.") }
        guard row.expiresAt > at else { throw HelpdeskError.invalidToken(reason: "This link has expired.") }
        row.usedAt = at
        try sql.update(row)
        return row
    }
}

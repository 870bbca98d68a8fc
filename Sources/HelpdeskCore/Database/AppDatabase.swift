import Foundation
import GRDB
import Logging
import Synchronization

/// Settings of the helpdesk domain that deployments and tests change.
public struct HelpdeskConfiguration: Sendable {
    /// Bcrypt cost: 12 in production, 4 keeps tests fast.
    public var bcryptCost: UInt8
    /// How long a customer may reopen a resolved ticket by replying.
    public var reopenWindow: TimeInterval
    /// Lifetime of an e-mail confirmation link.
    public var confirmationLifetime: TimeInterval
    /// Lifetime of a password-reset link.
    public var passwordResetLifetime: TimeInterval
    /// Lifetime of the set-your-password link sent to a new agent.
    public var invitationLifetime: TimeInterval
    /// Prefix for links written in mail bodies, e.g. `"https://help.example.com"`; paths alone when empty.
    public var baseURL: String

    /// Creates a configuration; every parameter has the production default.
    public init(
        bcryptCost: UInt8 = 12,
        reopenWindow: TimeInterval = 14 * 86_400,
        confirmationLifetime: TimeInterval = 86_400,
        passwordResetLifetime: TimeInterval = 3_600,
        invitationLifetime: TimeInterval = 7 * 86_400,
        baseURL: String = ""
    ) {
        self.bcryptCost = bcryptCost
        self.reopenWindow = reopenWindow
        self.confirmationLifetime = confirmationLifetime
        self.passwordResetLifetime = passwordResetLifetime
        self.invitationLifetime = invitationLifetime
        self.baseURL = baseURL
    }
}

/// The helpdesk's store: owns the database connection, migrates it, and exposes only writes that keep the
/// domain's invariants (roles, workflow, capacity, audit, outbox). All SQL of the product lives in this layer.
public final class AppDatabase: Sendable {
    private let dbWriter: any DatabaseWriter
    /// The settings in force.
    public let configuration: HelpdeskConfiguration
    let now: @Sendable () -> Date
    let passwordHasher: PasswordHasher
    let logger: Logger
    private let attachedIndex = Mutex<HelpdeskIndex?>(nil)
    /// Suggestions shown and not yet written (`countSuggestionsShown(_:)`).
    let pendingShown = Mutex(PendingSuggestionsShown())

    /// Opens the store on `dbWriter` and runs pending migrations.
    /// - Parameters:
    ///   - dbWriter: a `DatabasePool` for a file, or `DatabaseQueue()` in memory for tests.
    ///   - configuration: domain settings.
    ///   - now: the clock, injected so that expiry is testable.
    ///   - logger: where background problems (index catch-up) are reported.
    public init(
        _ dbWriter: any DatabaseWriter,
        configuration: HelpdeskConfiguration = HelpdeskConfiguration(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "HelpdeskCore")
    ) throws {
        self.dbWriter = dbWriter
        self.configuration = configuration
        self.now = now
        self.logger = logger
        self.passwordHasher = PasswordHasher(cost: configuration.bcryptCost)
        try Self.migrator.migrate(dbWriter)
    }

    /// Opens (creating if needed) a WAL-mode database file through a `DatabasePool`.
    public static func openFile(
        at path: String,
        configuration: HelpdeskConfiguration = HelpdeskConfiguration(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "HelpdeskCore")
    ) throws -> AppDatabase {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        let pool = try DatabasePool(path: path, configuration: config)
        return try AppDatabase(pool, configuration: configuration, now: now, logger: logger)
    }

    /// A fresh in-memory database, for tests and tools.
    public static func inMemory(
        configuration: HelpdeskConfiguration = HelpdeskConfiguration(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(), configuration: configuration, now: now)
    }

    /// The connection, for read-only use by other parts of HelpdeskCore (the index).
    var reader: any DatabaseReader { dbWriter }

    // MARK: - Index

    /// Makes every committed write that changes indexed text also bring `index` up to date, so a change is visible
    /// to the next query.
    public func attach(index: HelpdeskIndex) {
        attachedIndex.withLock { $0 = index }
    }

    /// Runs a write transaction and, after it commits, lets the attached index catch up.
    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = try await dbWriter.write(updates)
        await catchUpIndex()
        return result
    }

    /// Runs a write transaction that touches no indexed text.
    func writeWithoutIndex<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await dbWriter.write(updates)
    }

    /// Runs a read.
    func read<T: Sendable>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await dbWriter.read(value)
    }

    /// Brings the attached index up to date; failures are logged, since the index can always be rebuilt.
    ///
    /// The catch-up reads the database synchronously under the index's update lock, so it runs on a
    /// dispatch queue: blocking there never starves Swift concurrency's few cooperative threads when many
    /// writes finish at once.
    func catchUpIndex() async {
        guard let index = attachedIndex.withLock({ $0 }) else { return }
        let logger = self.logger
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global(qos: .userInitiated).async {
                do {
                    try index.catchUp(from: self)
                } catch {
                    logger.error("search index catch-up failed", metadata: ["error": "\(error)"])
                }
                continuation.resume()
            }
        }
    }
}

// MARK: - Shared helpers used inside write transactions

extension AppDatabase {
    /// Fetches the acting user fresh from the database and checks that the account is active.
    func activeUser(_ db: Database, _ user: User) throws -> User {
        guard let id = user.id, let fresh = try User.fetchOne(db, key: id), fresh.isActive else {
            throw HelpdeskError.forbidden("This account is not active.")
        }
        return fresh
    }

    /// Appends an audit row.
    func audit(
        _ db: Database,
        entity: String,
        entityId: String,
        ticketId: Int64? = nil,
        actorId: Int64?,
        action: String,
        field: String? = nil,
        before: String? = nil,
        after: String? = nil,
        at: Date
    ) throws {
        var entry = AuditEntry(
            id: nil,
            entity: entity,
            entityId: entityId,
            ticketId: ticketId,
            actorId: actorId,
            at: at,
            action: action,
            field: field,
            before: before,
            after: after
        )
        try entry.insert(db)
    }

    /// Appends a change-log row so the search index re-reads the entity.
    func logChange(_ db: Database, _ entity: IndexedEntity, _ id: Int64, at: Date) throws {
        var entry = ChangeLogEntry(seq: nil, entity: entity, entityId: id, at: at)
        try entry.insert(db)
    }

    /// Writes a mail to the outbox.
    @discardableResult
    func enqueueMail(
        _ db: Database,
        kind: MailKind,
        to recipient: String,
        subject: String,
        body: String,
        payload: [String: String],
        at: Date
    ) throws -> OutboxMail {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        var mail = OutboxMail(
            id: nil,
            kind: kind,
            recipient: recipient,
            subject: subject,
            body: body,
            payload: json,
            createdAt: at,
            sentAt: nil,
            attempts: 0,
            lastError: nil
        )
        try mail.insert(db)
        return mail
    }

    /// Creates a single-use token row and returns the plain token.
    func issueToken(
        _ db: Database,
        userId: Int64,
        purpose: TokenPurpose,
        lifetime: TimeInterval,
        ticketId: Int64? = nil,
        at: Date
    ) throws -> String {
        let token = SecureToken.generate()
        var row = OneTimeToken(
            id: nil,
            userId: userId,
            purpose: purpose,
            tokenHash: SecureToken.hash(token),
            ticketId: ticketId,
            createdAt: at,
            expiresAt: at.addingTimeInterval(lifetime),
            usedAt: nil
        )
        try row.insert(db)
        return token
    }

    /// Finds a usable token, marks it used, and returns it.
    func consumeToken(_ db: Database, _ token: String, purpose: TokenPurpose, at: Date) throws -> OneTimeToken {
        guard
            var row =
                try OneTimeToken
                .filter(OneTimeToken.Columns.tokenHash == SecureToken.hash(token))
                .filter(OneTimeToken.Columns.purpose == purpose)
                .fetchOne(db)
        else { throw HelpdeskError.invalidToken(reason: "This link is not valid.") }
        guard row.usedAt == nil else { throw HelpdeskError.invalidToken(reason: "This link has already been used.") }
        guard row.expiresAt > at else { throw HelpdeskError.invalidToken(reason: "This link has expired.") }
        row.usedAt = at
        try row.update(db)
        return row
    }

    /// `baseURL` + `path`, for mail bodies.
    func link(_ path: String) -> String { configuration.baseURL + path }
}

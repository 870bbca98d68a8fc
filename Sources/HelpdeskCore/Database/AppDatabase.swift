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
    /// Whether a new solution an agent writes waits for an admin or another agent to approve it before the help
    /// centre shows it (`approveSolution`), whatever the agent ticked. Admins publish their own at once. `care serve`
    /// turns it on unless `--publish-at-once`; off here, as the library's default.
    public var newSolutionsNeedReview: Bool

    /// Creates a configuration; every parameter has the production default.
    public init(
        bcryptCost: UInt8 = 12,
        reopenWindow: TimeInterval = 14 * 86_400,
        confirmationLifetime: TimeInterval = 86_400,
        passwordResetLifetime: TimeInterval = 3_600,
        invitationLifetime: TimeInterval = 7 * 86_400,
        baseURL: String = "",
        newSolutionsNeedReview: Bool = false
    ) {
        self.bcryptCost = bcryptCost
        self.reopenWindow = reopenWindow
        self.confirmationLifetime = confirmationLifetime
        self.passwordResetLifetime = passwordResetLifetime
        self.invitationLifetime = invitationLifetime
        self.baseURL = baseURL
        self.newSolutionsNeedReview = newSolutionsNeedReview
    }
}

/// An operation that reads a SQLite file directly (`care db copy` reads its source that way) was given a PostgreSQL
/// store.
public struct StoreUnsupported: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String { "this operation needs a SQLite store" }
}

/// The store could not be reached while serving (a PostgreSQL server restarting, a network failure). The request
/// fails (HTTP 503) and the next one tries a fresh connection.
public struct StoreUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the connection said, without credentials.
    public var cause: String
    public var description: String { "the database cannot be reached: \(cause)" }

    /// An unreachable store, for `cause`.
    public init(cause: String) { self.cause = cause }
}

/// A database this binary must not open.
public enum SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database was migrated by a newer version of `care`: its schema has migrations this binary does not know,
    /// and writing with an older one could lose data.
    case newerThanBinary(unknown: [String], latestKnown: String)

    public var description: String {
        switch self {
        case .newerThanBinary(let unknown, let latestKnown):
            "the database was upgraded by a newer version of care (migrations \(unknown.joined(separator: ", ")) are unknown "
                + "to this one, whose latest is \(latestKnown)); run that version or a newer one"
        }
    }
}

/// The helpdesk's store: owns the database connection, migrates it, and exposes only writes that keep the
/// domain's invariants (roles, workflow, capacity, audit, outbox). All SQL of the product lives in this layer.
public final class AppDatabase: Sendable {
    /// The store underneath.
    enum Backend: Sendable {
        /// A SQLite file (or memory), through GRDB.
        case sqlite(any DatabaseWriter)
        /// A PostgreSQL database.
        case postgres(PostgresPool)
    }

    let backend: Backend

    /// The SQLite connection, for what reads the file as SQLite (migrations, `care db copy`'s source). Every domain
    /// operation runs on the SQL layer (`sqlRead`, `sqlWrite`), on both stores.
    var dbWriter: any DatabaseWriter {
        get throws {
            switch backend {
            case .sqlite(let writer): return writer
            case .postgres: throw StoreUnsupported()
            }
        }
    }
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
        self.backend = .sqlite(dbWriter)
        self.configuration = configuration
        self.now = now
        self.logger = logger
        self.passwordHasher = PasswordHasher(cost: configuration.bcryptCost)
        self.migrationsApplied = try Self.migrate(dbWriter)
    }

    /// Opens the store on a PostgreSQL database and runs its pending migrations.
    /// - Throws: `StoreOpenError` when it cannot be reached; `SchemaError.newerThanBinary` for a newer schema.
    public static func openPostgres(
        _ settings: PostgresSettings,
        connections: Int = 4,
        configuration: HelpdeskConfiguration = HelpdeskConfiguration(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "HelpdeskCore")
    ) async throws -> AppDatabase {
        let store = try await PostgresStore.connect(settings, logger: logger)
        let applied: [String]
        do {
            applied = try await store.migrate()
            await store.close()
        } catch {
            await store.close()
            throw error
        }
        let pool = try await PostgresPool.open(settings, size: connections, logger: logger)
        return AppDatabase(pool: pool, applied: applied, configuration: configuration, now: now, logger: logger)
    }

    private init(
        pool: PostgresPool, applied: [String], configuration: HelpdeskConfiguration, now: @escaping @Sendable () -> Date,
        logger: Logger
    ) {
        self.backend = .postgres(pool)
        self.configuration = configuration
        self.now = now
        self.logger = logger
        self.passwordHasher = PasswordHasher(cost: configuration.bcryptCost)
        self.migrationsApplied = applied
    }

    /// Closes the connections (PostgreSQL; SQLite closes with the value).
    public func close() {
        if case .postgres(let pool) = backend { pool.close() }
    }

    /// The migrations this opening applied, oldest first (empty when the schema was up to date).
    public let migrationsApplied: [String]

    /// Runs the pending migrations, after checking that the database was not written by a newer binary.
    /// - Returns: the migrations applied.
    /// - Throws: `SchemaError.newerThanBinary` when the database records migrations this binary does not know.
    static func migrate(_ writer: any DatabaseWriter) throws -> [String] {
        let migrator = Self.migrator
        let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
        let known = migrator.migrations
        let unknown = applied.subtracting(known)
        guard unknown.isEmpty else { throw SchemaError.newerThanBinary(unknown: unknown.sorted(), latestKnown: known.last ?? "") }
        try migrator.migrate(writer)
        return known.filter { !applied.contains($0) }
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
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "HelpdeskCore")
    ) throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(), configuration: configuration, now: now, logger: logger)
    }

    // MARK: - The SQL layer (both stores)

    /// Runs a read on either store.
    package func sqlRead<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let writer): return try await writer.read { db in try body(SQLiteExecutor(db: db)) }
        case .postgres(let pool): return try await pool.transaction(body)
        }
    }

    /// Runs a write transaction on either store that touches no indexed text.
    @discardableResult
    package func sqlWrite<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let writer): return try await writer.write { db in try body(SQLiteExecutor(db: db)) }
        case .postgres(let pool): return try await pool.transaction(body)
        }
    }

    /// Runs a write transaction on either store and, after it commits, lets the attached index catch up.
    ///
    /// On PostgreSQL these writes hold the change log's advisory lock (`changeLogLock`) from before their transaction
    /// begins until it has ended, so they run one at a time, as on SQLite: each sees what the previous one committed
    /// (no serialization failures between them, no deadlock over the backlog roll-up's rows), and change-log sequence
    /// numbers become visible in order, so the index's catch-up never skips one committed late. Their commit also
    /// notifies the other app nodes (`changeChannel`), whose indexes then catch up (`followChanges`).
    @discardableResult
    package func sqlWriteIndexed<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) throws -> T) async throws -> T {
        let result: T
        switch backend {
        case .sqlite(let writer): result = try await writer.write { db in try body(SQLiteExecutor(db: db)) }
        case .postgres(let pool):
            result = try await pool.transaction(exclusive: Self.changeLogLock) { sql in try Self.notifying(sql, body) }
        }
        await catchUpIndex()
        return result
    }

    /// Runs a read on the calling thread (which it blocks), on either store: for the index's catch-up and tools.
    package func sqlReadNow<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        switch backend {
        case .sqlite(let writer): return try writer.read { db in try body(SQLiteExecutor(db: db)) }
        case .postgres(let pool): return try pool.transactionNow(body)
        }
    }

    /// Runs a write on the calling thread (which it blocks), on either store: for bulk writes and tools. On PostgreSQL
    /// it holds the change log's lock, as `sqlWriteIndexed` does.
    @discardableResult
    package func sqlWriteNow<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        switch backend {
        case .sqlite(let writer): return try writer.write { db in try body(SQLiteExecutor(db: db)) }
        case .postgres(let pool): return try pool.transactionNow(exclusive: Self.changeLogLock) { sql in try Self.notifying(sql, body) }
        }
    }

    /// `body`, then a notification on `changeChannel`, which PostgreSQL delivers to the listening nodes when (and only
    /// if) the transaction commits; several in one transaction arrive as one.
    private static func notifying<T>(_ sql: any SQLExecutor, _ body: (any SQLExecutor) throws -> T) throws -> T {
        let result = try body(sql)
        _ = try sql.execute("NOTIFY \(changeChannel)")
        return result
    }

    // MARK: - Index

    /// Makes every committed write that changes indexed text also bring `index` up to date, so a change is visible
    /// to the next query.
    public func attach(index: HelpdeskIndex) {
        attachedIndex.withLock { $0 = index }
    }

    /// Runs a read on the calling thread, for tools and test support in this package (bulk writes, inspection).
    package func readNow<T>(_ value: (Database) throws -> T) throws -> T {
        try dbWriter.read(value)
    }

    /// Lets the attached index catch up on the calling thread; errors are thrown, not logged (bulk writes report them).
    func catchUpIndexNow() throws {
        guard let index = attachedIndex.withLock({ $0 }) else { return }
        try index.catchUp(from: self)
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
    /// `baseURL` + `path`, for mail bodies.
    func link(_ path: String) -> String { configuration.baseURL + path }
}

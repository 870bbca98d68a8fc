import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// A PostgreSQL database holding the helpdesk: opens a connection with the settings' TLS, explains failures in one
/// line, and brings the schema up to date (`PostgresMigrations`), one migration per transaction under an advisory
/// lock, so that nodes starting together migrate once.
public final class PostgresStore: Sendable {
    /// Where it is.
    public let settings: PostgresSettings
    private let connection: PostgresConnection
    private let logger: Logger

    private init(settings: PostgresSettings, connection: PostgresConnection, logger: Logger) {
        self.settings = settings
        self.connection = connection
        self.logger = logger
    }

    /// Connects to the database.
    /// - Throws: `StoreOpenError` naming the URL (without its password) and the cause: unreachable server, refused
    ///   password, missing database, TLS refused or not verifiable.
    public static func connect(
        _ settings: PostgresSettings, connectTimeout: TimeAmount = .seconds(10), logger: Logger = Logger(label: "HelpdeskCore.postgres")
    ) async throws -> PostgresStore {
        let configuration: PostgresConnection.Configuration
        do {
            configuration = try Self.configuration(for: settings, connectTimeout: connectTimeout)
        } catch {
            throw StoreOpenError(location: settings.redacted, cause: "cannot set up TLS: \(error)")
        }
        do {
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger)
            return PostgresStore(settings: settings, connection: connection, logger: logger)
        } catch {
            throw StoreOpenError(location: settings.redacted, cause: Self.explain(error, settings: settings))
        }
    }

    /// How to connect to `settings`' database: address, credentials, TLS and the connect timeout.
    static func configuration(for settings: PostgresSettings, connectTimeout: TimeAmount) throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password,
            database: settings.database, tls: try tls(for: settings))
        configuration.options.connectTimeout = connectTimeout
        if settings.sslMode == .verifyFull { configuration.options.tlsServerName = settings.host }
        return configuration
    }

    static func tls(for settings: PostgresSettings) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch settings.sslMode {
        case .disable: return .disable
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let caFile = settings.caFile { configuration.trustRoots = .file(caFile) }
        let context = try NIOSSLContext(configuration: configuration)
        return settings.sslMode == .prefer ? .prefer(context) : .require(context)
    }

    /// One line for a failed connection.
    static func explain(_ error: any Error, settings: PostgresSettings) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let state = error.serverInfo?[.sqlState] {
            let message = error.serverInfo?[.message] ?? ""
            switch state {
            case "28P01": return "the server refused the password for user \"\(settings.user)\""
            case "28000": return "the server refused the connection: \(message)"
            case "3D000": return "the database \"\(settings.database)\" does not exist (create it, or name another)"
            default: return "the server answered \(state): \(message)"
            }
        }
        switch error.code {
        case .sslUnsupported: return "the server does not offer TLS, and sslmode=\(settings.sslMode.rawValue) requires it"
        case .connectionError:
            let detail = error.underlying.map { "\($0)" } ?? ""
            let cause =
                detail.contains("Connection refused") ? "connection refused"
                : detail.lowercased().contains("timeout") || detail.lowercased().contains("timed out") ? "no answer in time"
                : detail.isEmpty ? "no details" : detail
            return "the server is not reachable at \(settings.host):\(settings.port) (\(cause))"
        case .failedToAddSSLHandler: return "TLS could not be set up (\(error.underlying.map { "\($0)" } ?? "no details"))"
        default:
            return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
        }
    }

    /// One line for an error met while working (the server's message and SQLSTATE, never the query's values).
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo {
            return "PostgreSQL: \(info[.message] ?? "error")" + (info[.detail].map { " (\($0))" } ?? "")
                + (info[.sqlState].map { " [SQLSTATE \($0)]" } ?? "")
        }
        return "PostgreSQL: \(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
    }

    /// Closes the connection.
    public func close() async {
        try? await connection.close()
    }

    // MARK: - Migrations

    /// Applies the pending migrations, each in its own transaction; concurrent callers wait for each other.
    /// - Returns: the migrations applied, oldest first.
    /// - Throws: `SchemaError.newerThanBinary` when the database has migrations this binary does not know; database
    ///   errors as they come (the failing migration is rolled back).
    @discardableResult
    public func migrate() async throws -> [String] {
        // Two nodes creating the table at once would collide in PostgreSQL's catalog: the lock orders them.
        try await transaction {
            try await self.run("SELECT pg_advisory_xact_lock(7263501)")
            try await self.run(
                "CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY, appliedat TIMESTAMPTZ NOT NULL DEFAULT now())")
        }
        var applied: [String] = []
        for migration in PostgresMigrations.all {
            let done = try await transaction {
                // One node migrates at a time; the others find the migration applied when the lock is theirs.
                try await self.run("SELECT pg_advisory_xact_lock(7263501)")
                let known = try await self.appliedMigrations()
                let unknown = known.subtracting(PostgresMigrations.names)
                guard unknown.isEmpty else {
                    throw SchemaError.newerThanBinary(unknown: unknown.sorted(), latestKnown: PostgresMigrations.names.last ?? "")
                }
                guard !known.contains(migration.name) else { return false }
                for statement in migration.statements { try await self.run(statement) }
                try await self.connection.query("INSERT INTO schema_migrations (identifier) VALUES (\(migration.name))", logger: self.logger)
                return true
            }
            if done { applied.append(migration.name) }
        }
        // Also refuse a newer database when nothing was pending.
        let unknown = try await appliedMigrations().subtracting(PostgresMigrations.names)
        guard unknown.isEmpty else {
            throw SchemaError.newerThanBinary(unknown: unknown.sorted(), latestKnown: PostgresMigrations.names.last ?? "")
        }
        return applied
    }

    /// The migrations recorded in the database.
    public func appliedMigrations() async throws -> Set<String> {
        var names: Set<String> = []
        for try await name in try await connection.query("SELECT identifier FROM schema_migrations", logger: logger).decode(String.self) {
            names.insert(name)
        }
        return names
    }

    /// The names of every migration this binary knows for PostgreSQL, oldest first.
    public static var migrationNames: [String] { PostgresMigrations.names }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await run("BEGIN")
        do {
            let result = try await body()
            try await run("COMMIT")
            return result
        } catch {
            try? await run("ROLLBACK")
            throw error
        }
    }

    /// Runs one statement without parameters.
    package func run(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    /// Runs one statement with parameters (`$1`, `$2`, …).
    package func execute(_ sql: String, _ bindings: PostgresBindings) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
    }

    /// The rows of one statement with parameters.
    package func query(_ sql: String, _ bindings: PostgresBindings) async throws -> PostgresRowSequence {
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
    }

    /// The first column of every row of `sql`, as text (for tests and checks).
    package func strings(_ sql: String) async throws -> [String?] {
        var values: [String?] = []
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String?.self) {
            values.append(value)
        }
        return values
    }
}

/// A store that could not be opened.
public struct StoreOpenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The location, without password.
    public var location: String
    /// Why.
    public var cause: String

    /// `cannot open LOCATION: CAUSE`.
    public var description: String { "cannot open \(location): \(cause)" }
}

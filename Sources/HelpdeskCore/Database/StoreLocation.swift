import Logging
import Foundation

/// Where the helpdesk keeps its data: the embedded SQLite file (the default, in the data folder) or a PostgreSQL
/// server, named by a URL such as `postgres://care:secret@db.internal:5432/care?sslmode=verify-full&sslrootcert=/ca.pem`
/// (`--database` or `CARE_DATABASE_URL`).
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresSettings)

    /// Reads `--database`: a `postgres://` (or `postgresql://`) URL, or the path of a SQLite file.
    /// - Throws: `StoreLocationError` naming what is wrong (never the password).
    public static func parse(_ text: String) throws -> StoreLocation {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw StoreLocationError("the database is empty: give a postgres:// URL or a file path") }
        if let scheme = trimmed.split(separator: ":", maxSplits: 1).first, trimmed.contains("://") {
            switch scheme.lowercased() {
            case "postgres", "postgresql": return .postgres(try PostgresSettings(url: trimmed))
            case "sqlite", "file":
                guard let url = URL(string: trimmed), !url.path.isEmpty else { throw StoreLocationError("\(scheme):// needs a file path") }
                return .sqlite(path: url.path)
            default:
                throw StoreLocationError("unknown database scheme \"\(scheme)\": use postgres:// or a SQLite file path")
            }
        }
        return .sqlite(path: trimmed)
    }

    /// The location without its password, for messages and logs.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let settings): settings.redacted
        }
    }
}

/// A `--database` value that cannot be used.
public struct StoreLocationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}

/// How to reach a PostgreSQL database.
public struct PostgresSettings: Sendable, Hashable {
    /// How the connection is encrypted, as libpq's `sslmode` says.
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without checking its certificate.
        case prefer
        /// TLS always, without checking the certificate.
        case require
        /// TLS, the certificate signed by a trusted authority (`sslrootcert` or the system's).
        case verifyCA = "verify-ca"
        /// As `verify-ca`, and the certificate names the host.
        case verifyFull = "verify-full"
    }

    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// User name.
    public var user: String
    /// Password, if any.
    public var password: String?
    /// Database name.
    public var database: String
    /// TLS use.
    public var sslMode: SSLMode
    /// A PEM file of the authorities that sign the server's certificate (`sslrootcert`).
    public var caFile: String?

    /// Reads a `postgres://user:password@host:port/database?sslmode=…&sslrootcert=…` URL (user and password
    /// percent-encoded as usual). Defaults: port 5432, user `postgres`, database the user's name, `sslmode=prefer`.
    /// - Throws: `StoreLocationError` naming the part at fault, with the password left out.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text) else {
            throw StoreLocationError("not a valid URL (percent-encode special characters in the user name and password)")
        }
        guard let host = components.host, !host.isEmpty else { throw StoreLocationError("the postgres:// URL names no host") }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw StoreLocationError("port \(port) is not between 1 and 65535") }
        user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        password = components.password
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw StoreLocationError("the database name \"\(path)\" contains a slash") }
        database = path.isEmpty ? user : path
        sslMode = .prefer
        caFile = nil
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw StoreLocationError(
                        "sslmode=\(item.value ?? "") is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                sslMode = mode
            case "sslrootcert":
                guard let value = item.value, !value.isEmpty else { throw StoreLocationError("sslrootcert needs a file path") }
                caFile = value
            default:
                throw StoreLocationError("unknown parameter \"\(item.name)\" (known: sslmode, sslrootcert)")
            }
        }
        // As libpq: with a root certificate, `require` checks the certificate too.
        if caFile != nil, sslMode == .require {
            sslMode = .verifyCA
        }
    }

    /// The URL without the password.
    public var redacted: String {
        var text = "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        if sslMode != .prefer || caFile != nil {
            text += "?sslmode=\(sslMode.rawValue)" + (caFile.map { "&sslrootcert=\($0)" } ?? "")
        }
        return text
    }
}

extension AppDatabase {
    /// Opens the store at `location` (creating a SQLite file and its folder when missing) and runs its pending
    /// migrations.
    /// - Throws: `StoreOpenError` when a PostgreSQL server cannot be reached or refuses the connection;
    ///   `SchemaError.newerThanBinary` for a schema from a newer binary.
    public static func open(
        _ location: StoreLocation,
        connections: Int = 8,
        configuration: HelpdeskConfiguration = HelpdeskConfiguration(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "HelpdeskCore")
    ) async throws -> AppDatabase {
        switch location {
        case .sqlite(let path):
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            return try openFile(at: path, configuration: configuration, now: now, logger: logger)
        case .postgres(let settings):
            return try await openPostgres(
                settings, connections: connections, configuration: configuration, now: now, logger: logger)
        }
    }
}

extension StoreLocation {
    /// A name for the search-index snapshot kept beside this store in the data folder: `index` for the SQLite file,
    /// `index-postgres-<hash>` for a PostgreSQL database (its host, port and name), so a snapshot is never loaded
    /// against another store's change log.
    public var snapshotFolderName: String {
        switch self {
        case .sqlite: return "index"
        case .postgres(let settings):
            let key = "\(settings.host):\(settings.port)/\(settings.database)"
            return "index-postgres-\(Hashing.sha256Hex(key).prefix(12))"
        }
    }
}

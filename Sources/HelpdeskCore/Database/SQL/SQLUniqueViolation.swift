import GRDB
import PostgresNIO

/// Recognises the error either store throws when an insert or update breaks a unique key, for the few writes that
/// lose a race with a concurrent one after checking with a `SELECT` first (same e-mail address, same provider link).
enum SQLUniqueViolation {
    /// Whether `error` is a unique-key violation: SQLite's `SQLITE_CONSTRAINT_UNIQUE`, or PostgreSQL's SQLSTATE
    /// `23505` (`unique_violation`).
    static func matches(_ error: any Error) -> Bool {
        if let error = error as? DatabaseError { return error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE }
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = error as? SQLError { return error.sqlState == "23505" }
        return false
    }
}

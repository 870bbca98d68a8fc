import Foundation
import HelpdeskCore
import Hummingbird
import ServiceLifecycle

/// A Hummingbird `PersistDriver` over the core's `session` table, so browser sessions survive restarts.
///
/// The table keeps a hash of the key, the expiry and the signed-in user (so that deactivating an agent or resetting a
/// password can end their sessions); the value is stored as JSON together with its expiry, because `set` without an
/// expiry must keep the old one.
public struct DatabasePersistDriver: PersistDriver {
    /// The store.
    let database: AppDatabase
    /// Expiry used when a value is created without one.
    let defaultLifetime: Duration

    /// Creates the driver.
    public init(database: AppDatabase, defaultLifetime: Duration = .seconds(12 * 3600)) {
        self.database = database
        self.defaultLifetime = defaultLifetime
    }

    private struct Envelope<Object: Codable>: Codable {
        var expiresAt: Date
        var value: Object
    }

    /// Nothing to run; the database is owned by the application.
    public func run() async throws {
        try? await gracefulShutdown()
    }

    /// Nothing to close.
    public func shutdown() async throws {}

    /// Creates a value; refuses to overwrite an existing one.
    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        if try await database.sessionData(id: key) != nil { throw PersistError.duplicate }
        try await set(key: key, value: value, expires: expires)
    }

    /// Creates or replaces a value; a nil `expires` keeps the current expiry.
    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let expiresAt: Date
        if let expires {
            expiresAt = Date().addingTimeInterval(Self.seconds(expires))
        } else if let data = try await database.sessionData(id: key),
            let old = try? JSONDecoder().decode(Expiry.self, from: data)
        {
            expiresAt = old.expiresAt
        } else {
            expiresAt = Date().addingTimeInterval(Self.seconds(defaultLifetime))
        }
        let data = try JSONEncoder().encode(Envelope(expiresAt: expiresAt, value: value))
        let userId = (value as? WebSession)?.userId
        try await database.setSession(id: key, data: data, userId: userId, expiresAt: expiresAt)
    }

    /// The value, or nil when missing or expired.
    public func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    /// The value with its remaining lifetime.
    public func getWithTTL<Object: Codable & Sendable>(
        key: String,
        as type: Object.Type
    ) async throws -> (object: Object, ttl: Duration?)? {
        guard let data = try await database.sessionData(id: key) else { return nil }
        guard let envelope = try? JSONDecoder().decode(Envelope<Object>.self, from: data) else {
            throw PersistError.invalidConversion
        }
        let remaining = envelope.expiresAt.timeIntervalSinceNow
        return (envelope.value, .seconds(max(0, Int64(remaining))))
    }

    /// Deletes the value.
    public func remove(key: String) async throws {
        try await database.deleteSession(id: key)
    }

    private struct Expiry: Decodable { var expiresAt: Date }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }
}

import Foundation
import HelpdeskCore
import Hummingbird
import ServiceLifecycle

/// A Hummingbird `PersistDriver` over the core's `session` table, so browser sessions survive restarts.
///
/// The table keeps a hash of the key, the expiry and the signed-in user (so that deactivating an agent or resetting a
/// password can end their sessions); the value is stored as JSON together with its expiry, because `set` without an
/// expiry must keep the old one.
///
/// A session deleted while a request was using it (sign-out elsewhere, a password change, a deactivation) must stay
/// deleted when that request ends and `SessionMiddleware` saves its copy. So writing never brings a row back:
/// - `set` without an expiry is how hummingbird-auth (2.5) saves an existing session at the end of a request: it only
///   updates an existing, unexpired row (`UPDATE … WHERE id = ?`), and does nothing (and throws nothing, since the
///   middleware would answer `sessionDoesNotExist` by saving the old data under a new id) when the row is gone.
/// - `set` with an expiry is how hummingbird-auth's `SessionStorage.save` stores a *new* session, under a fresh random
///   key: it inserts the row, or updates it when it exists and is unexpired. (An existing session's expiry would be
///   sent the same way, but this app never changes it: `AppRequestContext.signIn` starts a new session instead.)
/// - `create` inserts, and refuses a key that exists.
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

    /// Creates a value; refuses to overwrite an existing one (`PersistError.duplicate`).
    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let (data, expiresAt) = try Self.encode(value, expiresAt: Date().addingTimeInterval(Self.seconds(expires ?? defaultLifetime)))
        let created = try await database.createSession(
            id: key, data: data, userId: (value as? WebSession)?.userId, expiresAt: expiresAt)
        guard created else { throw PersistError.duplicate }
    }

    /// Stores a value without ever bringing back a deleted one.
    ///
    /// With `expires`: creates the value, or replaces it while it exists and is unexpired (a new session is stored
    /// this way). Without: replaces an existing, unexpired value and keeps its expiry; a missing (deleted or expired)
    /// value stays missing.
    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let userId = (value as? WebSession)?.userId
        if let expires {
            let (data, expiresAt) = try Self.encode(value, expiresAt: Date().addingTimeInterval(Self.seconds(expires)))
            if try await database.updateSession(id: key, data: data, userId: userId, expiresAt: expiresAt) { return }
            try await database.createSession(id: key, data: data, userId: userId, expiresAt: expiresAt)
            return
        }
        guard let old = try await database.sessionData(id: key),
            let expiry = try? JSONDecoder().decode(Expiry.self, from: old)
        else { return }  // deleted or expired meanwhile: it stays so
        let (data, expiresAt) = try Self.encode(value, expiresAt: expiry.expiresAt)
        try await database.updateSession(id: key, data: data, userId: userId, expiresAt: expiresAt)
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

    /// The stored JSON of `value` with its expiry.
    private static func encode<Object: Codable>(_ value: Object, expiresAt: Date) throws -> (Data, Date) {
        (try JSONEncoder().encode(Envelope(expiresAt: expiresAt, value: value)), expiresAt)
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }
}

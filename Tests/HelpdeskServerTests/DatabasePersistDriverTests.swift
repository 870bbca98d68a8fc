import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdAuth
import Testing

@testable import HelpdeskServer

/// The session store: a session deleted while a request was using it (sign-out elsewhere, a password change) is never
/// written back when that request ends.
@Suite struct DatabasePersistDriverTests {
    /// A fresh store, its driver, and a confirmed user.
    static func fixture() async throws -> (AppDatabase, DatabasePersistDriver, User) {
        let database = try AppDatabase.inMemory(configuration: HelpdeskConfiguration(bcryptCost: 4))
        _ = try await database.ensureInitialAdmin(email: "admin@care.test", password: TestData.adminPassword)
        let user = try await database.login(email: "admin@care.test", password: TestData.adminPassword)
        return (database, DatabasePersistDriver(database: database), user)
    }

    static func session(_ user: User?, flash: String? = nil) -> WebSession {
        WebSession(userId: user?.id, csrfToken: "csrf-1", flash: flash)
    }

    @Test func aSignedOutSessionStaysDeletedWhenARequestInFlightSavesIt() async throws {
        let (database, driver, user) = try await Self.fixture()
        // Given a signed-in session
        try await driver.set(key: "hbs.k1", value: Self.session(user), expires: .seconds(600))
        #expect(try await driver.get(key: "hbs.k1", as: WebSession.self)?.userId == user.id)
        // When it is deleted (signed out in another tab) and a request that loaded it before saves its copy
        try await database.deleteSession(id: "hbs.k1")
        try await driver.set(key: "hbs.k1", value: Self.session(user, flash: "Saved."), expires: nil)
        // Then it stays deleted
        #expect(try await driver.get(key: "hbs.k1", as: WebSession.self) == nil)
        #expect(try await database.sessionUserId(id: "hbs.k1") == nil)
        // And so after the driver's own removal
        try await driver.set(key: "hbs.k2", value: Self.session(user), expires: .seconds(600))
        try await driver.remove(key: "hbs.k2")
        try await driver.set(key: "hbs.k2", value: Self.session(user), expires: nil)
        #expect(try await driver.get(key: "hbs.k2", as: WebSession.self) == nil)
    }

    @Test func aSessionEndedByAPasswordChangeStaysDeleted() async throws {
        let (database, driver, user) = try await Self.fixture()
        try await driver.set(key: "hbs.here", value: Self.session(user), expires: .seconds(600))
        try await driver.set(key: "hbs.stolen", value: Self.session(user), expires: .seconds(600))
        try await database.changePassword(
            for: user, current: TestData.adminPassword, new: "New-Passw0rd-77", keepingSession: "hbs.here")
        // The stolen session's request ends after the change and saves its copy.
        try await driver.set(key: "hbs.stolen", value: Self.session(user, flash: "late"), expires: nil)
        #expect(try await driver.get(key: "hbs.stolen", as: WebSession.self) == nil)
        // The kept session still saves normally.
        try await driver.set(key: "hbs.here", value: Self.session(user, flash: "Done."), expires: nil)
        #expect(try await driver.get(key: "hbs.here", as: WebSession.self)?.flash == "Done.")
    }

    @Test func anUpdateKeepsTheExpiryAndCreateRefusesAnExistingKey() async throws {
        let (_, driver, user) = try await Self.fixture()
        try await driver.set(key: "hbs.k", value: Self.session(nil), expires: .seconds(600))
        try await driver.set(key: "hbs.k", value: Self.session(user, flash: "Hi"), expires: nil)
        let (value, ttl) = try #require(try await driver.getWithTTL(key: "hbs.k", as: WebSession.self))
        #expect(value.flash == "Hi" && value.userId == user.id)
        // Still the 10-minute expiry, not a fresh default lifetime.
        #expect(try #require(ttl) <= .seconds(600))

        await #expect(throws: PersistError.duplicate) {
            try await driver.create(key: "hbs.k", value: Self.session(nil), expires: .seconds(60))
        }
        #expect(try await driver.get(key: "hbs.k", as: WebSession.self)?.flash == "Hi")
        try await driver.create(key: "hbs.new", value: Self.session(nil, flash: "new"), expires: nil)
        #expect(try await driver.get(key: "hbs.new", as: WebSession.self)?.flash == "new")
    }

    @Test func hummingbirdAuthSavesNewSessionsAndNeverRevivesADeletedOne() async throws {
        // Through hummingbird-auth's own SessionStorage, as SessionMiddleware uses it.
        let (database, driver, user) = try await Self.fixture()
        let storage = SessionStorage<WebSession>(driver, configuration: .init(keyPrefix: AppServices.sessionKeyPrefix))
        let cookie = try await storage.save(session: Self.session(user), expiresIn: .seconds(600))
        let request = Request(
            head: HTTPRequest(
                method: .get, scheme: "http", authority: "care.test", path: "/",
                headerFields: [.cookie: "\(cookie.name)=\(cookie.value)"]),
            body: .init(buffer: ByteBuffer()))
        #expect(try await storage.load(request: request)?.userId == user.id)

        try await database.deleteSession(id: AppServices.sessionKeyPrefix + cookie.value)
        try await storage.update(session: Self.session(user, flash: "late"), expiresIn: nil, request: request)

        #expect(try await storage.load(request: request) == nil)
    }
}

import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// The operations already written on the SQL layer behave the same on SQLite and PostgreSQL (the PostgreSQL half runs
/// when `CARE_TEST_POSTGRES_URL` names a cluster).
@Suite("The same behaviour on both stores")
struct StoreParityTests {
    /// An admin, an agent and a deactivated admin, written directly (no mail, no invitation, one transaction).
    static func people(_ db: AppDatabase) async throws -> (admin: User, agent: User, retired: User) {
        try await db.sqlWrite { sql in
            func person(_ role: UserRole, _ email: String, active: Bool) throws -> User {
                let id = try sql.insert(
                    #"INSERT INTO "user" (role, name, email, passwordHash, isConfirmed, isActive, skills, capacity, createdAt) VALUES (?, ?, ?, 'x', ?, ?, '[]', 5, ?)"#,
                    role.rawValue, email, email, true, active, Date(timeIntervalSince1970: 1_800_000_000))
                return try #require(try sql.find(User.self, id: id))
            }
            return (
                try person(.admin, "boss@care.test", active: true), try person(.agent, "grace@care.test", active: true),
                try person(.admin, "old@care.test", active: false)
            )
        }
    }

    @Test("categories and SLA targets: saved by admins only, read back alike, changes audited")
    func categoriesAndSLATargets() async throws {
        let outcomes = try await BothStores.run { db -> [String] in
            let (admin, agent, retired) = try await Self.people(db)
            #expect(admin.role == .admin && admin.skills.isEmpty && !admin.mustChangePassword && admin.isActive)
            try await db.saveCategory(Category(id: "billing", name: "Billing", description: "Money"), by: admin)
            try await db.saveCategory(Category(id: "access", name: "Account access"), by: admin)
            try await db.saveCategory(Category(id: "billing", name: "Billing and invoices", description: "Money"), by: admin)
            await expectFailure(.forbidden) { try await db.saveCategory(Category(id: "x", name: "X"), by: agent) }
            await expectFailure(.forbidden) { try await db.saveCategory(Category(id: "x", name: "X"), by: retired) }
            await expectFailure(.field("name")) { try await db.saveCategory(Category(id: "x", name: " "), by: admin) }
            var urgent = try #require(try await db.slaPolicies().first)
            #expect(urgent.priority == .urgent && urgent.firstResponseMinutes == 60)
            urgent.firstResponseMinutes = 30
            try await db.updateSLAPolicy(urgent, by: admin)
            await expectFailure(.forbidden) { try await db.updateSLAPolicy(urgent, by: agent) }
            urgent.resolutionMinutes = 10
            await expectFailure(.field("resolutionMinutes")) { try await db.updateSLAPolicy(urgent, by: admin) }
            let audited = try await db.sqlRead { sql in
                try sql.rows("SELECT entity, field, before, after FROM auditEntry ORDER BY id").map {
                    "\(try $0.string("entity")) \(try $0.string("field")) \(try $0.string("before"))→\(try $0.string("after"))"
                }
            }
            return try await db.categories().map { "\($0.id): \($0.name) (\($0.description))" }
                + db.slaPolicies().map { "\($0.priority.rawValue) \($0.firstResponseMinutes)/\($0.resolutionMinutes)" } + audited
        }
        #expect(
            outcomes[0] == [
                "access: Account access ()", "billing: Billing and invoices (Money)", "urgent 30/480", "high 240/1440",
                "normal 480/4320", "low 1440/7200", "slaPolicy firstResponseMinutes 60→30",
            ])
        #expect(outcomes.count == (PostgresTestDatabase.url == nil ? 1 : 2))
        if outcomes.count == 2 { #expect(outcomes[1] == outcomes[0]) }
    }

    @Test(
        "on PostgreSQL, a fresh database is migrated on opening and starts with an empty outbox",
        .enabled(if: PostgresTestDatabase.missing == nil, Comment(rawValue: PostgresTestDatabase.missing ?? ""))
    )
    func freshDatabaseOpens() async throws {
        _ = try await PostgresTestDatabase.withFresh { settings in
            let db = try await AppDatabase.openPostgres(settings, connections: 1)
            defer { db.close() }
            #expect(db.migrationsApplied == PostgresStore.migrationNames)
            #expect(try await db.outbox().isEmpty)
        }
    }
}

@Suite("API tokens and sessions on both stores")
struct CredentialParityTests {
    @Test("tokens authenticate until revoked; sessions read, update, expire and end alike")
    func tokensAndSessions() async throws {
        let clock = TestClock()
        let outcomes = try await BothStores.run(clock: clock) { db -> [String] in
            let (admin, agent, _) = try await StoreParityTests.people(db)
            let (token, plain) = try await db.createAPIToken(for: agent, name: "script")
            var seen: [String] = []
            seen.append("token user \(try await db.user(forAPIToken: plain)?.email ?? "nil")")
            seen.append("tokens \(try await db.apiTokens(of: agent).map(\.name))")
            await expectFailure(.notFound) { try await db.revokeAPIToken(id: try #require(token.id), by: StoreParityTests.other(agent)) }
            try await db.revokeAPIToken(id: try #require(token.id), by: admin)
            seen.append("after revoke \(try await db.user(forAPIToken: plain)?.email ?? "nil")")
            // Sessions
            let data = Data("cookie-data".utf8)
            #expect(try await db.createSession(id: "s1", data: data, userId: agent.id, expiresAt: clock.now.addingTimeInterval(60)))
            #expect(try await !db.createSession(id: "s1", data: data, userId: nil, expiresAt: clock.now.addingTimeInterval(60)))
            seen.append("session \(String(decoding: try #require(try await db.sessionData(id: "s1")), as: UTF8.self)) user \(try await db.sessionUserId(id: "s1") == agent.id)")
            #expect(try await db.updateSession(id: "s1", data: Data("new".utf8), userId: agent.id, expiresAt: clock.now.addingTimeInterval(120)))
            seen.append("updated \(String(decoding: try #require(try await db.sessionData(id: "s1")), as: UTF8.self))")
            #expect(try await !db.updateSession(id: "nope", data: data, userId: nil, expiresAt: clock.now.addingTimeInterval(60)))
            clock.advance(by: 121)
            seen.append("expired \(try await db.sessionData(id: "s1") == nil)")
            seen.append("purged \(try await db.purgeExpiredSessions())")
            try await db.createSession(id: "s2", data: data, userId: nil, expiresAt: clock.now.addingTimeInterval(60))
            try await db.deleteSession(id: "s2")
            seen.append("deleted \(try await db.sessionData(id: "s2") == nil)")
            return seen
        }
        #expect(
            outcomes[0] == [
                "token user grace@care.test", "tokens [\"script\"]", "after revoke nil", "session cookie-data user true", "updated new",
                "expired true", "purged 1", "deleted true",
            ])
        if outcomes.count == 2 { #expect(outcomes[1] == outcomes[0]) }
    }
}

extension StoreParityTests {
    /// Someone else: the same person with another id, for ownership checks.
    static func other(_ user: User) -> User {
        var other = user
        other.id = (user.id ?? 0) + 1_000
        other.role = .agent
        return other
    }
}

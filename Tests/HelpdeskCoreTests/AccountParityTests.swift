import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// Accounts, identities, customers and agents behave the same on SQLite and PostgreSQL (the PostgreSQL half runs when
/// `CARE_TEST_POSTGRES_URL` names a cluster). Mails and tickets are read and written with SQL here, so that only the
/// operations under test need both stores.
@Suite("Accounts, customers and agents on both stores")
struct AccountParityTests {
    /// The payload value `key` of the newest mail of `kind` to `recipient`.
    static func mailed(_ db: AppDatabase, _ kind: MailKind, to recipient: String, _ key: String = "token") async throws
        -> String
    {
        let mail = try await db.sqlRead { sql in
            try sql.fetchAll(
                OutboxMail.self, "SELECT * FROM outboxMail WHERE kind = ? AND recipient = ? ORDER BY id", kind.rawValue,
                recipient
            ).last
        }
        let found = try #require(mail)
        return try #require(found.payloadValues[key])
    }

    /// The kinds of the mails to `recipient`, oldest first.
    static func mailKinds(_ db: AppDatabase, to recipient: String) async throws -> [String] {
        try await db.sqlRead { sql in
            try sql.rows("SELECT kind FROM outboxMail WHERE recipient = ? ORDER BY id", recipient).map { try $0.string("kind") }
        }
    }

    /// A ticket of `customer`, written directly, held by `assignee` in `status`.
    static func ticket(_ db: AppDatabase, of customer: User, assignee: User?, status: TicketStatus, at: Date) async throws
        -> Int64
    {
        try await db.sqlWrite { sql in
            try sql.insert(
                """
                INSERT INTO ticket (customerId, subject, description, priority, status, assigneeId, createdAt, updatedAt,
                                    firstResponseDueAt, resolutionDueAt, lastCustomerActivityAt)
                VALUES (?, 'Printer', 'Offline', 'normal', ?, ?, ?, ?, ?, ?, ?)
                """,
                customer.id, status.rawValue, assignee?.id, at, at, at, at, at)
        }
    }

    @Test("registration, confirmation, sign-in, password reset and change, first admin, users")
    func accounts() async throws {
        let clock = TestClock()
        let outcomes = try await BothStores.run(clock: clock) { db -> [String] in
            var seen: [String] = []
            #expect(try await db.ensureInitialAdmin(email: "boss@example.com", password: "Admin-Passw0rd") == nil)
            #expect(try await db.ensureInitialAdmin(email: "other@example.com") == nil)
            let boss = try await db.login(email: "boss@example.com", password: "Admin-Passw0rd")
            try await db.register(name: "Ada", email: " Ada@Example.com", password: Fixture.password)
            await expectError(.unconfirmedAccount(email: "ada@example.com")) {
                try await db.login(email: "ada@example.com", password: Fixture.password)
            }
            try await db.register(name: "Mallory", email: "ada@example.com", password: Fixture.password)
            try await db.register(name: "Mallory", email: "ada@example.com", password: Fixture.password)
            try await db.resendConfirmation(email: "ADA@example.com")
            let token = try await Self.mailed(db, .confirmEmail, to: "ada@example.com")
            let ada = try await db.confirmEmail(token: token)
            await expectError(.invalidToken(reason: "This link has already been used.")) { try await db.confirmEmail(token: token) }
            seen.append("mails \(try await Self.mailKinds(db, to: "ada@example.com"))")
            seen.append("login \(try await db.login(email: "ADA@example.com", password: Fixture.password).name)")
            await expectError(.invalidCredentials) { try await db.login(email: "ada@example.com", password: "wrong-Password-1") }
            // Password reset ends sessions and tokens and unlinks providers.
            _ = try await db.signIn(with: Self.google("g-ada", email: "ada@example.com"))
            try await db.createSession(id: "s", data: Data(), userId: ada.id, expiresAt: clock.now.addingTimeInterval(600))
            try await db.requestPasswordReset(email: "ada@example.com")
            try await db.requestPasswordReset(email: "nobody@example.com")
            let reset = try await Self.mailed(db, .passwordReset, to: "ada@example.com")
            try await db.resetPassword(token: reset, newPassword: "brand-New-pass-7")
            seen.append("after reset: session \(try await db.sessionUserId(id: "s") == nil ? "ended" : "kept")")
            seen.append("identities \(try await db.identities(ofUser: ada.requiredID).count)")
            try await db.changePassword(for: ada, current: "brand-New-pass-7", new: "third-Pass-word-9")
            await expectFailure(.field("currentPassword")) {
                try await db.changePassword(for: ada, current: "brand-New-pass-7", new: "fourth-Pass-word-9")
            }
            seen.append("login \(try await db.login(email: "ada@example.com", password: "third-Pass-word-9").email)")
            seen.append("user \(try await db.user(id: ada.requiredID).name)")
            await expectFailure(.notFound) { try await db.user(id: 999_999) }
            seen.append("users \(try await db.users(for: boss).map(\.name)) customers \(try await db.users(role: .customer, for: boss).map(\.name))")
            let audited = try await db.sqlRead { sql in
                try sql.rows("SELECT action FROM auditEntry ORDER BY id").map { try $0.string("action") }
            }
            return seen + audited
        }
        #expect(
            outcomes[0] == [
                "mails [\"confirmEmail\", \"registrationAttempt\", \"confirmEmail\"]", "login Ada",
                "after reset: session ended", "identities 0", "login ada@example.com", "user Ada",
                "users [\"Ada\", \"Administrator\"] customers [\"Ada\"]", "registered", "confirmed", "identityLinked",
                "identitiesUnlinked", "passwordReset", "passwordChanged",
            ])
        #expect(outcomes.count == (PostgresTestDatabase.url == nil ? 1 : 2))
        if outcomes.count == 2 { #expect(outcomes[1] == outcomes[0]) }
    }

    /// A Google identity.
    static func google(_ subject: String, email: String?, verified: Bool = true) -> ProviderIdentity {
        ProviderIdentity(
            provider: "google", providerTitle: "Google", subject: subject, email: email, emailVerified: verified, name: "Ada L.")
    }

    @Test("provider sign-in and links; operator admins; agents created, edited, deactivated with their tickets")
    func identitiesAdminsAndAgents() async throws {
        let clock = TestClock()
        let outcomes = try await BothStores.run(clock: clock) { db -> [String] in
            var seen: [String] = []
            let created = try await db.createAdmin(name: "Ann", email: "ann@example.com", password: "Admin-Passw0rd")
            await expectFailure(.conflict) { try await db.createAdmin(name: "Ann", email: "ANN@example.com") }
            let ann = created.admin
            seen.append("operating \(try await db.operatingAdmin().email) \(try await db.operatingAdmin(email: "ann@example.com").name)")
            await expectFailure(.notFound) { try await db.operatingAdmin(email: "zed@example.com") }
            // Identities
            let newcomer = try await db.signIn(with: Self.google("g-1", email: "Nia@Example.com"))
            clock.advance(by: 60)
            #expect(try await db.signIn(with: Self.google("g-1", email: nil)).id == newcomer.id)
            await expectFailure(.forbidden) { try await db.signIn(with: Self.google("g-2", email: "ann@example.com")) }
            await expectFailure(.forbidden) { try await db.signIn(with: Self.google("g-3", email: "x@example.com", verified: false)) }
            try await db.linkIdentity(Self.google("g-ann", email: nil), to: ann)
            #expect(try await db.linkIdentity(Self.google("g-ann", email: nil), to: ann).userId == ann.id)
            await expectFailure(.conflict) { try await db.linkIdentity(Self.google("g-1", email: nil), to: ann) }
            seen.append("links \(try await db.identities(ofUser: newcomer.requiredID).map(\.email)) \(try await db.identities(ofUser: ann.requiredID).map(\.email))")
            // Agents
            try await db.saveCategory(Category(id: "billing", name: "Billing"), by: ann)
            let grace = try await db.createAgent(by: ann, name: "Grace", email: "Grace@Care.example", skills: ["billing"], capacity: 3)
            await expectFailure(.conflict) { try await db.createAgent(by: ann, name: "X", email: "grace@care.example") }
            await expectFailure(.field("skills")) { try await db.createAgent(by: ann, name: "X", email: "x@care.example", skills: ["no"]) }
            await expectFailure(.forbidden) { try await db.createAgent(by: grace, name: "X", email: "x@care.example") }
            let invitation = try await Self.mailed(db, .agentInvitation, to: "grace@care.example")
            try await db.resetPassword(token: invitation, newPassword: "agent-Pass-123")
            let edited = try await db.updateAgent(id: grace.requiredID, by: ann, AgentUpdate(name: "Grace H.", skills: [], capacity: 9))
            seen.append("agent \(edited.name) \(edited.skills) \(edited.capacity) \(try await db.agent(email: "grace@care.example", for: ann).id == grace.id)")
            let open = try await Self.ticket(db, of: newcomer, assignee: grace, status: .inProgress, at: clock.now)
            let solved = try await Self.ticket(db, of: newcomer, assignee: grace, status: .resolved, at: clock.now)
            seen.append("loads \(try await db.agents(for: ann).map { "\($0.agent.name) \($0.openTickets)" })")
            seen.append("returned \(try await db.deactivateAgent(id: grace.requiredID, by: ann) == [open])")
            seen.append("again \(try await db.deactivateAgent(id: grace.requiredID, by: ann))")
            let statuses = try await db.sqlRead { sql in
                try sql.rows("SELECT status, assigneeId FROM ticket WHERE id IN (?, ?) ORDER BY id", open, solved).map {
                    "\(try $0.string("status")) \(try $0.optionalInt64("assigneeId") == nil)"
                }
            }
            seen.append("tickets \(statuses)")
            await expectError(.forbidden("This account has been deactivated.")) {
                try await db.login(email: "grace@care.example", password: "agent-Pass-123")
            }
            try await db.reactivateAgent(id: grace.requiredID, by: ann)
            seen.append("back \(try await db.login(email: "grace@care.example", password: "agent-Pass-123").name)")
            let audited = try await db.sqlRead { sql in
                try sql.rows("SELECT action, field FROM auditEntry ORDER BY id").map {
                    "\(try $0.string("action")) \(try $0.optionalString("field") ?? "-")"
                }
            }
            return seen + audited
        }
        #expect(
            outcomes[0] == [
                "operating ann@example.com Ann", "links [\"nia@example.com\"] [\"ann@example.com\"]",
                "agent Grace H. [] 9 true", "loads [\"Grace H. 1\"]", "returned true", "again []", "tickets [\"new true\", \"resolved false\"]",
                "back Grace H.", "adminCreated -", "registered -", "identityLinked identity", "identityLinked identity",
                "agentCreated -", "passwordReset passwordHash", "agentUpdated name", "agentUpdated skills",
                "agentUpdated capacity", "agentDeactivated isActive", "returnedToQueue assigneeId", "statusChanged status",
                "agentReactivated isActive",
            ])
        #expect(outcomes.count == (PostgresTestDatabase.url == nil ? 1 : 2))
        if outcomes.count == 2 { #expect(outcomes[1] == outcomes[0]) }
    }

    @Test("the customer list: search, sort, pages, figures; deactivation, confirmation resent; unread marks")
    func customersAndUnreadMarks() async throws {
        let clock = TestClock()
        let outcomes = try await BothStores.run(clock: clock) { db -> [String] in
            var seen: [String] = []
            _ = try await db.ensureInitialAdmin(email: "boss@example.com", password: "Admin-Passw0rd")
            let boss = try await db.login(email: "boss@example.com", password: "Admin-Passw0rd")
            let grace = try await db.createAgent(by: boss, name: "Grace", email: "grace@care.example")
            var customers: [User] = []
            for name in ["bob", "Ada", "Cy"] {
                try await db.register(name: name, email: "\(name.lowercased())@example.com", password: Fixture.password)
                customers.append(try await db.confirmEmail(token: try await Self.mailed(db, .confirmEmail, to: "\(name.lowercased())@example.com")))
                clock.advance(by: 3600)
            }
            try await db.register(name: "Una_%", email: "una@example.com", password: Fixture.password)
            let (bob, ada, _) = (customers[0], customers[1], customers[2])
            let first = try await Self.ticket(db, of: ada, assignee: grace, status: .inProgress, at: clock.now)
            _ = try await Self.ticket(db, of: ada, assignee: nil, status: .closed, at: clock.now.addingTimeInterval(60))
            _ = try await Self.ticket(db, of: bob, assignee: nil, status: .new, at: clock.now.addingTimeInterval(30))
            func names(_ query: CustomerQuery) async throws -> String {
                let page = try await db.customers(query, for: grace)
                return "\(page.customers.map(\.name)) of \(page.total)"
            }
            seen.append("search \(try await names(CustomerQuery(search: " aD ")))")
            seen.append("address \(try await names(CustomerQuery(search: "BOB@EXAMPLE")))")
            seen.append("wildcards \(try await names(CustomerQuery(search: "%"))) \(try await names(CustomerQuery(search: "_%")))")
            for sort in [CustomerSort.name, .email, .lastActivity, .openTickets, .created] {
                for direction in [SortDirection.ascending, .descending] {
                    seen.append("\(sort) \(direction) \(try await names(CustomerQuery(sort: sort, direction: direction)))")
                }
            }
            seen.append("page \(try await names(CustomerQuery(page: 2, pageSize: 3)))")
            let summary = try await db.customer(id: ada.requiredID, for: boss)
            seen.append(
                "ada \(summary.openTickets)/\(summary.totalTickets) \(summary.lastActivityAt == clock.now.addingTimeInterval(60)) "
                    + "\(summary.hasPassword) \(summary.providers) \(summary.isConfirmed)")
            _ = try await db.signIn(with: Self.google("g-ada", email: "ada@example.com"))
            seen.append("providers \(try await db.customer(id: ada.requiredID, for: grace).providers)")
            await expectFailure(.forbidden) { try await db.customers(for: ada) }
            await expectFailure(.notFound) { try await db.customer(id: grace.requiredID, for: boss) }
            // Deactivation and a resent confirmation
            #expect(try await db.deactivateCustomer(id: bob.requiredID, by: boss))
            #expect(try await !db.deactivateCustomer(id: bob.requiredID, by: boss))
            await expectError(.forbidden("This account has been deactivated.")) {
                try await db.login(email: "bob@example.com", password: Fixture.password)
            }
            #expect(try await db.reactivateCustomer(id: bob.requiredID, by: boss))
            let una = try #require(try await db.customers(CustomerQuery(search: "una"), for: boss).customers.first)
            try await db.resendConfirmation(customerId: una.id, by: boss)
            await expectFailure(.conflict) { try await db.resendConfirmation(customerId: bob.requiredID, by: boss) }
            seen.append("una mails \(try await Self.mailKinds(db, to: "una@example.com"))")
            // Unread marks
            let tickets = try await db.sqlRead { sql in try sql.fetchAll(Ticket.self, "SELECT * FROM ticket ORDER BY id") }
            seen.append("unread \(try await db.unreadTicketIds(among: tickets, for: grace) == [first])")
            try await db.markTicketViewed(id: first, by: grace)
            clock.advance(by: -7200)
            try await db.markTicketViewed(id: first, by: grace)
            seen.append("read \(try await db.unreadTicketIds(among: tickets, for: grace).isEmpty)")
            await expectFailure(.notFound) { try await db.markTicketViewed(id: tickets[2].requiredID + 1, by: grace) }
            try await db.markTicketViewed(id: first, by: ada)
            let views = try await db.sqlRead { sql in try sql.int64("SELECT COUNT(*) FROM ticketView") ?? -1 }
            seen.append("views \(views)")
            return seen
        }
        #expect(
            outcomes[0] == [
                "search [\"Ada\"] of 1", "address [\"bob\"] of 1", "wildcards [\"Una_%\"] of 1 [\"Una_%\"] of 1",
                "name ascending [\"Ada\", \"bob\", \"Cy\", \"Una_%\"] of 4", "name descending [\"Una_%\", \"Cy\", \"bob\", \"Ada\"] of 4",
                "email ascending [\"Ada\", \"bob\", \"Cy\", \"Una_%\"] of 4", "email descending [\"Una_%\", \"Cy\", \"bob\", \"Ada\"] of 4",
                "lastActivity ascending [\"Cy\", \"Una_%\", \"bob\", \"Ada\"] of 4",
                "lastActivity descending [\"Ada\", \"bob\", \"Una_%\", \"Cy\"] of 4",
                "openTickets ascending [\"Cy\", \"Una_%\", \"bob\", \"Ada\"] of 4",
                "openTickets descending [\"Ada\", \"bob\", \"Una_%\", \"Cy\"] of 4",
                "created ascending [\"bob\", \"Ada\", \"Cy\", \"Una_%\"] of 4", "created descending [\"Una_%\", \"Cy\", \"Ada\", \"bob\"] of 4",
                "page [\"Una_%\"] of 4", "ada 1/2 true true [] true", "providers [\"google\"]",
                "una mails [\"confirmEmail\", \"confirmEmail\"]", "unread true", "read true", "views 1",
            ])
        #expect(outcomes.count == (PostgresTestDatabase.url == nil ? 1 : 2))
        if outcomes.count == 2 { #expect(outcomes[1] == outcomes[0]) }
    }
}

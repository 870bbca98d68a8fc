import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Customers")
struct CustomersTests {
    /// Three confirmed customers made an hour apart (Ada, then Bob, then Cy), an admin and an agent.
    func people(_ f: Fixture) async throws -> (ada: User, bob: User, cy: User, admin: User, agent: User) {
        let admin = try await f.admin()
        let agent = try await f.agent(by: admin)
        let ada = try await f.customer("Ada")
        f.clock.advance(by: 3600)
        let bob = try await f.customer("Bob")
        f.clock.advance(by: 3600)
        let cy = try await f.customer("Cy")
        return (ada, bob, cy, admin, agent)
    }

    @Test("staff find customers by a piece of the name or the address, whatever the case")
    func search() async throws {
        // Given three customers and a staff account called "Grace"
        let f = try await Fixture.make()
        let (ada, bob, _, admin, agent) = try await people(f)
        // When an agent searches for part of a name in another case, Then only that customer matches
        let byName = try await f.db.customers(CustomerQuery(search: "  aD "), for: agent)
        #expect(byName.customers.map(\.id) == [ada.requiredID] && byName.total == 1)
        // When an admin searches for part of an address, Then that customer matches
        let byEmail = try await f.db.customers(CustomerQuery(search: "BOB@EXAMPLE"), for: admin)
        #expect(byEmail.customers.map(\.email) == [bob.email])
        // And staff never appear in the list, even when their name matches
        #expect(try await f.db.customers(CustomerQuery(search: "grace"), for: admin).total == 0)
        // And LIKE wildcards are searched literally
        #expect(try await f.db.customers(CustomerQuery(search: "%"), for: admin).total == 0)
        #expect(try await f.db.customers(CustomerQuery(search: "_"), for: admin).total == 0)
        // And a blank search lists everyone
        #expect(try await f.db.customers(CustomerQuery(search: "   "), for: admin).total == 3)
        // And an over-long search is refused, naming the field
        let long = String(repeating: "a", count: CustomerQuery.maximumSearchLength + 1)
        await expectFailure(.field("q")) { try await f.db.customers(CustomerQuery(search: long), for: admin) }
        let longest = String(repeating: "é", count: CustomerQuery.maximumSearchLength)
        #expect(try await f.db.customers(CustomerQuery(search: longest), for: admin).total == 0)
    }

    @Test("every sort key orders the list both ways")
    func sorting() async throws {
        // Given Ada (oldest, two open tickets), Bob (one resolved ticket, most recent activity) and Cy (newest, none)
        let f = try await Fixture.make()
        let (ada, bob, cy, admin, agent) = try await people(f)
        f.clock.advance(by: 60)
        _ = try await f.db.createTicket(by: ada, subject: "One", description: "First problem")
        _ = try await f.db.createTicket(by: ada, subject: "Two", description: "Second problem")
        f.clock.advance(by: 60)
        let solved = try await f.db.createTicket(by: bob, subject: "Three", description: "Third problem")
        try await f.db.take(ticketId: solved.requiredID, by: agent)
        try await f.db.resolve(ticketId: solved.requiredID, by: agent, with: .new(SolutionDraft(title: "Fix", steps: ["Do it"])))
        func ids(_ sort: CustomerSort, _ direction: SortDirection? = nil) async throws -> [Int64] {
            try await f.db.customers(CustomerQuery(sort: sort, direction: direction), for: admin).customers.map(\.id)
        }
        let (a, b, c) = (ada.requiredID, bob.requiredID, cy.requiredID)
        #expect(try await ids(.name) == [a, b, c])
        #expect(try await ids(.name, .descending) == [c, b, a])
        #expect(try await ids(.email, .ascending) == [a, b, c])
        #expect(try await ids(.email, .descending) == [c, b, a])
        #expect(try await ids(.created) == [c, b, a])
        #expect(try await ids(.created, .ascending) == [a, b, c])
        #expect(try await ids(.openTickets) == [a, b, c])
        #expect(try await ids(.openTickets, .ascending) == [c, b, a])
        #expect(try await ids(.lastActivity) == [b, a, c])
        #expect(try await ids(.lastActivity, .ascending) == [c, a, b])
    }

    @Test("pages hold at most the page size, with the total of all pages; hostile numbers are clamped")
    func paging() async throws {
        // Given seven customers
        let f = try await Fixture.make()
        let admin = try await f.admin()
        for name in ["Ann", "Ben", "Cat", "Dan", "Eve", "Fay", "Gus"] { _ = try await f.customer(name) }
        // When staff read pages of three
        let first = try await f.db.customers(CustomerQuery(page: 1, pageSize: 3), for: admin)
        let third = try await f.db.customers(CustomerQuery(page: 3, pageSize: 3), for: admin)
        // Then each page holds its slice of the name order and the total counts all pages
        #expect(first.customers.map(\.name) == ["Ann", "Ben", "Cat"] && first.total == 7)
        #expect(third.customers.map(\.name) == ["Gus"] && third.firstShown == 7 && third.lastShown == 7 && third.pageCount == 3)
        // And a page past the end is empty but still counts
        let past = try await f.db.customers(CustomerQuery(page: 4, pageSize: 3), for: admin)
        #expect(past.customers.isEmpty && past.total == 7)
        // And numbers no caller should send are clamped, never trapping
        let huge = try await f.db.customers(CustomerQuery(page: .max, pageSize: .max), for: admin)
        #expect(huge.page == CustomerQuery.maximumPage && huge.pageSize == CustomerQuery.maximumPageSize && huge.customers.isEmpty)
        let tiny = try await f.db.customers(CustomerQuery(page: .min, pageSize: -5), for: admin)
        #expect(tiny.page == 1 && tiny.pageSize == 1 && tiny.customers.map(\.name) == ["Ann"])
    }

    @Test("open and total tickets and the last activity come from the customer's tickets and messages")
    func figures() async throws {
        // Given Ada with three tickets: one new, one resolved, one she replied to later
        let f = try await Fixture.make()
        let (ada, _, cy, admin, agent) = try await people(f)
        f.clock.advance(by: 600)
        _ = try await f.db.createTicket(by: ada, subject: "One", description: "First problem")
        let second = try await f.db.createTicket(by: ada, subject: "Two", description: "Second problem")
        let third = try await f.db.createTicket(by: ada, subject: "Three", description: "Third problem")
        try await f.db.take(ticketId: second.requiredID, by: agent)
        try await f.db.resolve(ticketId: second.requiredID, by: agent, with: .new(SolutionDraft(title: "Fix", steps: ["Do it"])))
        f.clock.advance(by: 3600)
        let replyTime = f.clock.now
        _ = try await f.db.reply(to: third.requiredID, by: ada, body: "Any news?")
        // When staff read her summary
        let summary = try await f.db.customer(id: ada.requiredID, for: agent)
        // Then two tickets are open of three, and her activity is her reply
        #expect(summary.openTickets == 2 && summary.totalTickets == 3)
        #expect(abs(summary.lastActivityAt.timeIntervalSince(replyTime)) < 0.01)
        // And a customer without tickets was last active when the account was made
        let quiet = try await f.db.customer(id: cy.requiredID, for: admin)
        #expect(quiet.openTickets == 0 && quiet.totalTickets == 0)
        #expect(abs(quiet.lastActivityAt.timeIntervalSince(quiet.createdAt)) < 0.01)
        // And the profile lists her tickets, most recently updated first, paged
        let profile = try await f.db.customerProfile(id: ada.requiredID, page: 1, pageSize: 2, for: admin)
        #expect(profile.tickets.total == 3 && profile.tickets.tickets.map(\.subject) == ["Three", "Two"])
        // And the list shows the same figures
        let row = try #require(try await f.db.customers(CustomerQuery(search: "ada"), for: admin).customers.first)
        #expect(row == summary)
        // And every order shows the same figures: by name the page's accounts are chosen first and only theirs
        // counted, by activity or open tickets every customer's are
        var figures: [CustomerSort: [CustomerSummary]] = [:]
        for sort in CustomerSort.allCases {
            figures[sort] = try await f.db.customers(CustomerQuery(sort: sort), for: admin).customers.sorted { $0.id < $1.id }
        }
        #expect(figures[.name]?.count == 3)
        for sort in CustomerSort.allCases { #expect(figures[sort] == figures[.name], "\(sort)") }
    }

    @Test("the sign-in method is the password, the linked providers, or both")
    func signInMethods() async throws {
        // Given a password customer, the same with Google linked, and one who signed up through a provider
        let f = try await Fixture.make()
        let admin = try await f.admin()
        let ada = try await f.customer("Ada")
        let bob = try await f.customer("Bob")
        _ = try await f.db.linkIdentity(
            ProviderIdentity(provider: "google", providerTitle: "Google", subject: "g-bob", email: bob.email, emailVerified: true, name: "Bob"),
            to: bob
        )
        let nia = try await f.db.signIn(
            with: ProviderIdentity(
                provider: "linkedin", providerTitle: "LinkedIn", subject: "l-nia", email: "nia@example.com", emailVerified: true,
                name: "Nia")
        )
        // When staff read them
        let methods = { (user: User) in try await f.db.customer(id: user.requiredID, for: admin).signInMethods }
        // Then each shows how they sign in
        #expect(try await methods(ada) == ["password"])
        #expect(try await methods(bob) == ["password", "google"])
        #expect(try await methods(nia) == ["linkedin"])
        #expect(try await f.db.customer(id: nia.requiredID, for: admin).isConfirmed)
    }

    @Test("an admin deactivates a customer, who can no longer sign in, and reactivates them; both are audited")
    func deactivation() async throws {
        // Given a customer with a ticket
        let f = try await Fixture.make()
        let (ada, _, _, admin, agent) = try await people(f)
        let ticket = try await f.db.createTicket(by: ada, subject: "One", description: "First problem")
        // When an agent tries, Then it is forbidden and nothing changes
        await expectFailure(.forbidden) { try await f.db.deactivateCustomer(id: ada.requiredID, by: agent) }
        #expect(try await f.db.login(email: ada.email, password: Fixture.password).id == ada.id)
        // When the admin deactivates her
        #expect(try await f.db.deactivateCustomer(id: ada.requiredID, by: admin))
        // Then she cannot sign in, she shows as deactivated, her ticket is still there, and the change is audited
        await expectFailure(.forbidden) { try await f.db.login(email: ada.email, password: Fixture.password) }
        #expect(try await f.db.customer(id: ada.requiredID, for: admin).isActive == false)
        #expect(try await f.db.ticket(id: ticket.requiredID, for: admin).customerId == ada.requiredID)
        let audit = try await f.db.sqlRead { sql in
            try sql.fetchAll(
                AuditEntry.self, "SELECT * FROM auditEntry WHERE entity = ? AND entityId = ? ORDER BY id", "user",
                "\(ada.requiredID)")
        }
        #expect(audit.contains { $0.action == "customerDeactivated" && $0.actorId == admin.id && $0.after == "false" })
        // And doing it again changes nothing
        #expect(try await f.db.deactivateCustomer(id: ada.requiredID, by: admin) == false)
        // When the admin reactivates her, Then she signs in again, audited
        #expect(try await f.db.reactivateCustomer(id: ada.requiredID, by: admin))
        #expect(try await f.db.login(email: ada.email, password: Fixture.password).id == ada.id)
        let after = try await f.db.sqlRead { sql in
            try sql.fetchAll(AuditEntry.self, "SELECT * FROM auditEntry WHERE action = ? ORDER BY id", "customerReactivated")
        }
        #expect(after.map(\.entityId) == ["\(ada.requiredID)"])
        // And staff accounts are not customers
        await expectFailure(.notFound) { try await f.db.deactivateCustomer(id: agent.requiredID, by: admin) }
        await expectFailure(.notFound) { try await f.db.reactivateCustomer(id: 999_999, by: admin) }
    }

    @Test("an admin resends the confirmation link of an unconfirmed customer; the old link stops working")
    func resendConfirmation() async throws {
        // Given a customer who registered but never confirmed
        let f = try await Fixture.make()
        let admin = try await f.admin()
        let agent = try await f.agent(by: admin)
        try await f.db.register(name: "Una", email: "una@example.com", password: Fixture.password)
        let old = try #require(try await f.lastMail(.confirmEmail, to: "una@example.com").payloadValues["token"])
        let una = try #require(try await f.db.customers(CustomerQuery(search: "una"), for: admin).customers.first)
        #expect(una.isConfirmed == false)
        // When an agent tries, Then it is forbidden
        await expectFailure(.forbidden) { try await f.db.resendConfirmation(customerId: una.id, by: agent) }
        // When the admin resends it
        try await f.db.resendConfirmation(customerId: una.id, by: admin)
        // Then a new link arrives, the old one is void, the new one confirms, and the resend is audited
        let new = try #require(try await f.lastMail(.confirmEmail, to: "una@example.com").payloadValues["token"])
        #expect(new != old)
        await expectFailure(.invalidToken) { try await f.db.confirmEmail(token: old) }
        #expect(try await f.db.confirmEmail(token: new).isConfirmed)
        let audit = try await f.db.sqlRead { sql in
            try sql.fetchAll(AuditEntry.self, "SELECT * FROM auditEntry WHERE action = ? ORDER BY id", "confirmationResent")
        }
        #expect(audit.map(\.entityId) == ["\(una.id)"] && audit.first?.actorId == admin.id)
        // And a confirmed customer gets no second link
        await expectFailure(.conflict) { try await f.db.resendConfirmation(customerId: una.id, by: admin) }
    }

    @Test("customers, deactivated staff and unsaved users may not list or read customers")
    func refusals() async throws {
        let f = try await Fixture.make()
        let (ada, bob, _, admin, agent) = try await people(f)
        // A customer is refused, even for their own summary
        await expectFailure(.forbidden) { try await f.db.customers(for: ada) }
        await expectFailure(.forbidden) { try await f.db.customer(id: ada.requiredID, for: ada) }
        await expectFailure(.forbidden) { try await f.db.customerProfile(id: bob.requiredID, for: ada) }
        // An anonymous (unsaved) viewer is refused, whatever role it claims
        let anonymous = User(role: .admin, name: "Nobody", email: "nobody@example.com", passwordHash: "", isConfirmed: true, createdAt: Date())
        await expectFailure(.forbidden) { try await f.db.customers(for: anonymous) }
        // A deactivated agent is refused although the value in hand still says active
        try await f.db.deactivateAgent(id: agent.requiredID, by: admin)
        await expectFailure(.forbidden) { try await f.db.customers(for: agent) }
        // Customers may not act as admins
        await expectFailure(.forbidden) { try await f.db.deactivateCustomer(id: bob.requiredID, by: ada) }
        await expectFailure(.forbidden) { try await f.db.resendConfirmation(customerId: bob.requiredID, by: ada) }
        // A staff id is not a customer
        await expectFailure(.notFound) { try await f.db.customer(id: admin.requiredID, for: admin) }
    }
}

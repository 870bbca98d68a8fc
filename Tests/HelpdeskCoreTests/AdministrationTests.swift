import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// The operator methods behind `care admin` and `care agent`.
@Suite("Administration")
struct AdministrationTests {
    @Test("an admin created with a chosen password signs in with it; the hash is bcrypt")
    func createAdminWithPassword() async throws {
        // Given an empty database
        let f = try await Fixture.make()
        // When the operator creates an admin with a password
        let created = try await f.db.createAdmin(name: " Ann ", email: "Ann@Example.com", password: "Admin-Passw0rd")
        // Then no password is handed back, the address is normalised and the admin can sign in
        #expect(created.generatedPassword == nil)
        #expect(created.admin.role == .admin && created.admin.email == "ann@example.com" && created.admin.name == "Ann")
        #expect(created.admin.passwordHash.hasPrefix("$2") && !created.admin.passwordHash.contains("Admin-Passw0rd"))
        let signedIn = try await f.db.login(email: "ann@example.com", password: "Admin-Passw0rd")
        #expect(signedIn.id == created.admin.id)
        // And the creation is audited without an acting user
        let audit = try await f.db.sqlRead { sql in
            try sql.fetchAll(AuditEntry.self, "SELECT * FROM auditEntry WHERE action = ? ORDER BY id", "adminCreated")
        }
        #expect(audit.count == 1 && audit.first?.actorId == nil && audit.first?.entityId == "\(created.admin.requiredID)")
    }

    @Test("without a password one is generated, follows the rules, and works once handed over")
    func createAdminGeneratesPassword() async throws {
        let f = try await Fixture.make()
        let created = try await f.db.createAdmin(name: "Ann", email: "ann@example.com")
        let password = try #require(created.generatedPassword)
        try InputValidation.validatePassword(password, email: "ann@example.com")
        #expect(try await f.db.login(email: "ann@example.com", password: password).id == created.admin.id)
        // A second admin can be added next to the first
        let second = try await f.db.createAdmin(name: "Bo", email: "bo@example.com")
        #expect(second.admin.id != created.admin.id && second.generatedPassword != password)
    }

    @Test("bad input names the field; a used address is a conflict")
    func createAdminRefusals() async throws {
        let f = try await Fixture.make()
        let customer = try await f.customer()
        await expectFailure(.field("email")) { try await f.db.createAdmin(name: "Ann", email: "not-an-address") }
        await expectFailure(.field("name")) { try await f.db.createAdmin(name: "  ", email: "ann@example.com") }
        await expectFailure(.message(field: "password", containing: "10 characters")) {
            try await f.db.createAdmin(name: "Ann", email: "ann@example.com", password: "short")
        }
        // When the address belongs to a customer, Then nothing changes: the customer stays a customer
        await expectFailure(.conflict) { try await f.db.createAdmin(name: "Ann", email: customer.email.uppercased()) }
        #expect(try await f.db.user(id: customer.requiredID).role == .customer)
        // And no admin was created by the refused calls
        await expectFailure(.notFound) { try await f.db.operatingAdmin() }
    }

    @Test("the command line acts as the earliest active admin, or the one named")
    func operatingAdmin() async throws {
        let f = try await Fixture.make()
        // Given no admin, Then there is nobody to act as
        await expectFailure(.notFound) { try await f.db.operatingAdmin() }
        // Given two admins
        let first = try await f.db.createAdmin(name: "Ann", email: "ann@example.com").admin
        let second = try await f.db.createAdmin(name: "Bo", email: "bo@example.com").admin
        #expect(try await f.db.operatingAdmin().id == first.id)
        #expect(try await f.db.operatingAdmin(email: " BO@example.com ").id == second.id)
        // A customer's or an unknown address is not an admin; a malformed one names the field
        let customer = try await f.customer()
        await expectFailure(.notFound) { try await f.db.operatingAdmin(email: customer.email) }
        await expectFailure(.notFound) { try await f.db.operatingAdmin(email: "nobody@example.com") }
        await expectFailure(.field("email")) { try await f.db.operatingAdmin(email: "nobody") }
    }

    @Test("agents are found by address, by admins only")
    func agentByEmail() async throws {
        let f = try await Fixture.make()
        let (customer, admin, agent, _) = try await f.scene()
        #expect(try await f.db.agent(email: agent.email.uppercased(), for: admin).id == agent.id)
        // An admin's or a customer's address is not an agent
        await expectFailure(.notFound) { try await f.db.agent(email: admin.email, for: admin) }
        await expectFailure(.notFound) { try await f.db.agent(email: customer.email, for: admin) }
        // Only admins may look agents up
        await expectFailure(.forbidden) { try await f.db.agent(email: agent.email, for: agent) }
        await expectFailure(.forbidden) { try await f.db.agent(email: agent.email, for: customer) }
        // A deactivated agent is still found (to report it), marked inactive
        try await f.db.deactivateAgent(id: agent.requiredID, by: admin)
        #expect(try await f.db.agent(email: agent.email, for: admin).isActive == false)
    }
}

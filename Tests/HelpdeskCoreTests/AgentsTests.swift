import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

@Suite("Agents")
struct AgentsTests {
    @Test("admins create agents who choose their password from the invitation")
    func createAgent() async throws {
        // Given an admin and a category
        let f = try await Fixture.make()
        let admin = try await f.admin()
        try await f.db.saveCategory(Category(id: "billing", name: "Billing"), by: admin)
        // When they create an agent
        let agent = try await f.db.createAgent(
            by: admin,
            name: "Grace",
            email: "Grace@Care.example",
            skills: ["billing"],
            capacity: 3
        )
        // Then the agent has no usable password until they follow the invitation
        #expect(agent.role == .agent && agent.email == "grace@care.example" && agent.skills == ["billing"])
        let token = try #require(try await f.lastMail(.agentInvitation, to: agent.email).payloadValues["token"])
        try await f.db.resetPassword(token: token, newPassword: "agent-Pass-123")
        #expect(try await f.db.login(email: agent.email, password: "agent-Pass-123").id == agent.id)
    }

    @Test("only admins manage agents; bad input names the field")
    func agentPermissions() async throws {
        let f = try await Fixture.make()
        let (customer, admin, agent, _) = try await f.scene()
        // When a customer or an agent tries, Then it is forbidden
        await expectFailure(.forbidden) { try await f.db.createAgent(by: customer, name: "X", email: "x@care.example") }
        await expectFailure(.forbidden) { try await f.db.deactivateAgent(id: agent.requiredID, by: agent) }
        // When the admin gives an unknown skill, a bad capacity or a used e-mail, Then the field is named
        await expectFailure(.field("skills")) { try await f.db.createAgent(by: admin, name: "X", email: "x@care.example", skills: ["nope"]) }
        await expectFailure(.field("capacity")) { try await f.db.createAgent(by: admin, name: "X", email: "x@care.example", capacity: -1) }
        await expectFailure(.conflict) { try await f.db.createAgent(by: admin, name: "X", email: agent.email) }
        // When the admin edits the agent, Then the change is audited
        let edited = try await f.db.updateAgent(id: agent.requiredID, by: admin, AgentUpdate(name: "Grace H.", capacity: 9))
        #expect(edited.name == "Grace H." && edited.capacity == 9)
    }

    @Test("deactivating an agent hands their open tickets back to the queue")
    func deactivation() async throws {
        // Given an agent holding two open tickets and one resolved ticket
        let f = try await Fixture.make()
        let (customer, admin, agent, first) = try await f.scene()
        let second = try await f.db.createTicket(by: customer, subject: "Second", description: "Another problem")
        let third = try await f.db.createTicket(by: customer, subject: "Third", description: "Solved one")
        for ticket in [first, second, third] { try await f.db.take(ticketId: ticket.requiredID, by: agent) }
        try await f.db.changeStatus(ticketId: second.requiredID, to: .inProgress, by: agent)
        try await f.db.resolve(
            ticketId: third.requiredID,
            by: agent,
            with: .new(SolutionDraft(title: "Restart", steps: ["Restart it"]))
        )
        // When the admin deactivates the agent
        let returned = try await f.db.deactivateAgent(id: agent.requiredID, by: admin)
        // Then the open tickets are new and unassigned again, the resolved one untouched, nothing deleted
        #expect(Set(returned) == [first.requiredID, second.requiredID])
        for id in [first.requiredID, second.requiredID] {
            let ticket = try await f.db.ticket(id: id, for: admin)
            #expect(ticket.status == .new && ticket.assigneeId == nil)
            let history = try await f.db.auditHistory(ticketId: id, for: admin)
            #expect(history.contains { $0.action == "returnedToQueue" && $0.before == "\(agent.requiredID)" })
        }
        #expect(try await f.db.ticket(id: third.requiredID, for: admin).status == .resolved)
        // And the agent can no longer log in or be assigned
        await expectFailure(.field("assigneeId")) { try await f.db.assign(ticketId: first.requiredID, to: agent.requiredID, by: admin) }
        #expect(try await f.db.agents(for: admin).first?.agent.isActive == false)
    }
}

import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// Absolute fit, declared skills and newcomers.
extension RoutingTests {
    /// Topics "farm" and "sign-in". Fern (skill: farm) resolved six nitrogen tickets, some mentioning the app; Sam
    /// (skill: sign-in) and Otto (no skills) each resolved six tickets about other things.
    struct SkilledScene {
        let f: Fixture
        let admin: User
        let customer: User
        let fern: User
        let sam: User
        let otto: User
        let index: HelpdeskIndex

        static func make() async throws -> SkilledScene {
            let f = try await Fixture.make()
            let index = HelpdeskIndex()
            f.db.attach(index: index)
            let customer = try await f.customer()
            let admin = try await f.admin()
            try await f.db.saveCategory(Category(id: "farm", name: "Farm equipment"), by: admin)
            try await f.db.saveCategory(Category(id: "sign-in", name: "Signing in"), by: admin)
            let fern = try await f.agent("Fern", by: admin, skills: ["farm"], capacity: 10)
            let sam = try await f.agent("Sam", by: admin, skills: ["sign-in"], capacity: 10)
            let otto = try await f.agent("Otto", by: admin, capacity: 10)
            let work: [(User, String, String, String?)] = [
                (fern, "Nitrogen too high", "The app shows nitrogen too high on field 3.", "farm"),
                (fern, "Nitrogen reading too high", "Soil nitrogen reading too high after the rain.", "farm"),
                (fern, "Nitrogen alert", "Nitrogen too high alert keeps firing in the app.", "farm"),
                (fern, "Nitrogen sensor", "The nitrogen sensor reads too high since Monday.", "farm"),
                (fern, "Nitrogen level", "Nitrogen level too high warning on the north field.", "farm"),
                (fern, "Too much nitrogen", "Fertiliser plan says nitrogen too high.", "farm"),
                (sam, "Charged twice", "My card was charged twice for the March invoice.", nil),
                (sam, "Refund missing", "The refund for my cancelled subscription has not arrived.", nil),
                (sam, "Invoice address", "The invoice shows my old billing address.", nil),
                (sam, "VAT number", "Please add our VAT number to the invoice.", nil),
                (sam, "Card expired", "My card expired, how do I change it?", nil),
                (sam, "Receipt", "I need a receipt for my last payment.", nil),
                (otto, "Parcel late", "My parcel is a week late.", nil),
                (otto, "Wrong size", "The boots came in the wrong size.", nil),
                (otto, "Damaged box", "The box arrived damaged.", nil),
                (otto, "Return label", "Where is my return label?", nil),
                (otto, "Courier missed me", "The courier came while I was out.", nil),
                (otto, "Tracking stuck", "Tracking has not moved for days.", nil),
            ]
            for (agent, subject, description, category) in work {
                let t = try await f.db.createTicket(by: customer, subject: subject, description: description, categoryId: category)
                _ = try await f.db.assign(ticketId: t.requiredID, to: agent.requiredID, by: admin)
                _ = try await f.db.resolve(
                    ticketId: t.requiredID, by: agent, with: .new(SolutionDraft(title: subject, steps: ["Fix it"])))
            }
            return SkilledScene(f: f, admin: admin, customer: customer, fern: fern, sam: sam, otto: otto, index: index)
        }

        func rank(_ ticket: Ticket) async throws -> [AgentRanking] {
            try await f.db.rankAgents(for: ticket, index: index)
        }
    }

    @Test("An Arabic sign-in ticket sharing one word with farm tickets puts nobody at a strong fit, and auto-assign follows the declared skill")
    func unrelatedTextFallsBackToSkills() async throws {
        let s = try await SkilledScene.make()
        let ticket = try await s.f.db.createTicket(
            by: s.customer, subject: "لا أستطيع تسجيل الدخول", description: "لا أستطيع تسجيل الدخول إلى app منذ أمس",
            categoryId: "sign-in")
        let ranking = try await s.rank(ticket)
        let fern = try #require(ranking.first { $0.agent.id == s.fern.id })
        #expect(fern.level == .none, "one shared word is no evidence (fit \(fern.fit))")
        #expect(fern.fit == 0)
        #expect(fern.reasons.isEmpty)
        #expect(!ranking.anyoneHasHistory)
        #expect(ranking.allSatisfy { $0.level != .strong })
        #expect(ranking.first?.agent.id == s.sam.id)
        #expect(ranking.first?.reasons == [.declaredSkill])
        #expect(ranking.first?.skillTopic == "sign-in")
        #expect(try await s.f.db.autoAssign(ticketId: ticket.requiredID, by: s.admin, index: s.index)?.assigneeId == s.sam.id)
        // Without the floor the shared word is Fern's best hit, as it was when votes were relative to the best hit;
        // even then the fit stays absolute: weak, nowhere near a full bar.
        var loose = ExpertiseRanker()
        loose.similarityFloor = 0
        loose.skillShare = 0
        let unfloored = try await s.f.db.rankAgents(for: ticket, index: s.index, ranker: loose)
        #expect(unfloored.first?.agent.id == s.fern.id)
        #expect((unfloored.first?.fit ?? 1) < 0.2)
    }

    @Test("When nobody resolved anything similar, a new agent with the right skill is chosen, and load spreads the rest")
    func newcomerWithSkillWhenNobodyHasEvidence() async throws {
        let s = try await SkilledScene.make()
        let nia = try await s.f.agent("Nia", by: s.admin, skills: ["sign-in"], capacity: 1)
        let first = try await s.f.db.createTicket(
            by: s.customer, subject: "Cannot log in", description: "Since yesterday the login page rejects my password.",
            categoryId: "sign-in")
        let ranking = try await s.rank(first)
        #expect(!ranking.anyoneHasHistory)
        #expect(ranking.first?.agent.id == nia.id)
        #expect(ranking.first?.reasons == [.declaredSkill, .newAgent])
        #expect(ranking.first?.level == AgentRanking.Level.none)
        #expect(try await s.f.db.autoAssign(ticketId: first.requiredID, by: s.admin, index: s.index)?.assigneeId == nia.id)
        // Nia is full now (capacity 1): the next sign-in ticket goes to the other agent with the skill.
        let second = try await s.f.db.createTicket(
            by: s.customer, subject: "Locked out", description: "Two-step code never arrives.", categoryId: "sign-in")
        #expect(try await s.f.db.autoAssign(ticketId: second.requiredID, by: s.admin, index: s.index)?.assigneeId == s.sam.id)
    }

    @Test("A specialist with strong evidence beats a new agent with the ticket's topic as a skill, even without declaring it")
    func specialistBeatsSkilledNewcomer() async throws {
        let s = try await SkilledScene.make()
        // Fern's history alone has to outweigh Nico's declared skill and newcomer's share together.
        _ = try await s.f.db.updateAgent(id: s.fern.requiredID, by: s.admin, AgentUpdate(skills: []))
        let nico = try await s.f.agent("Nico", by: s.admin, skills: ["farm"], capacity: 10)
        let ticket = try await s.f.db.createTicket(
            by: s.customer, subject: "Nitrogen too high again", description: "The nitrogen reading is too high on field 2.",
            categoryId: "farm")
        let ranking = try await s.rank(ticket)
        #expect(ranking.map(\.agent.id).prefix(2) == [s.fern.id, nico.id])
        let fern = ranking[0]
        #expect(fern.level == .strong)
        #expect(fern.fit < 1, "an absolute fit, never a full 100 % by comparison with the others")
        #expect(fern.reasons == [.similarHistory])
        #expect(fern.history > ranking[1].score)
        #expect(fern.similarTickets >= 3 && !fern.evidence.isEmpty)
        #expect(fern.evidence.allSatisfy { $0.similarity > 0 && $0.similarity <= 1 })
        #expect(ranking[1].reasons == [.declaredSkill, .newAgent])
        #expect(try await s.f.db.autoAssign(ticketId: ticket.requiredID, by: s.admin, index: s.index)?.assigneeId == s.fern.id)
    }

    @Test("A ticket without a topic takes the one its similar resolved tickets point at")
    func topicFromSimilarTickets() async throws {
        let s = try await SkilledScene.make()
        let ticket = try await s.f.db.createTicket(
            by: s.customer, subject: "Nitrogen reading", description: "Nitrogen shows too high in the app.")
        let ranking = try await s.rank(ticket)
        #expect(ranking.first?.agent.id == s.fern.id)
        #expect(ranking.first?.skillTopic == "farm")
        #expect(ranking.first { $0.agent.id == s.sam.id }?.skill == 0)
    }

    @Test("A declared skill and a newcomer's share together stay below a strong history, so evidence decides when it is strong")
    func sharesStayBelowStrongHistory() {
        let ranker = ExpertiseRanker()
        let newcomer = User(role: .agent, name: "Nia", email: "nia@care.example", passwordHash: "", isConfirmed: true, createdAt: Date())
        var shares = AgentRanking(agent: newcomer, openTickets: 0, score: 0, evidence: [])
        shares.history = ranker.skillShare + ranker.newcomerShare
        #expect(shares.fit < AgentRanking.Level.strongFit)
    }
}

import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// New solutions wait for review when the deployment asks for it: an agent's new solution reaches the help centre
/// only after an admin or another agent approves it.
@Suite("A new solution waits for review before the help centre shows it")
struct SolutionReviewTests {
    @Test("an agent's new solution waits; its author cannot approve it, a colleague or an admin can, and it is audited")
    func agentsSolutionsWaitForReview() async throws {
        // Given a deployment where new solutions need review
        let f = try await Fixture.make(configuration: HelpdeskConfiguration(bcryptCost: 4, newSolutionsNeedReview: true))
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin)
        let ada = try await f.agent("Ada", by: admin)
        // When an agent saves a new solution ticked for publishing
        let draft = SolutionDraft(title: "Reset the router", steps: ["Hold the reset button for ten seconds"], isPublished: true)
        let solution = try await f.db.createSolution(by: grace, draft)
        // Then it is saved, unpublished: no customer or visitor sees it
        #expect(!solution.isPublished)
        await expectFailure(.notFound) { try await f.db.solution(id: solution.requiredID, for: nil) }
        #expect(try await f.db.currentSolutionCount(unpublishedOnly: true) == 1)
        #expect(try await f.db.currentSolutions(unpublishedOnly: true).map(\.id) == [solution.id])
        // And its author can neither approve it nor publish it through a new version
        #expect(!f.db.mayApprove(solution, viewer: grace))
        await expectFailure(.forbidden) { try await f.db.approveSolution(id: solution.requiredID, by: grace) }
        await expectFailure(.forbidden) { try await f.db.setSolutionPublished(id: solution.requiredID, true, by: grace) }
        let revised = try await f.db.reviseSolution(id: solution.requiredID, by: grace, draft)
        #expect(!revised.isPublished)
        // When a colleague approves the current version
        #expect(f.db.mayApprove(revised, viewer: ada))
        let approved = try await f.db.approveSolution(id: revised.requiredID, by: ada)
        // Then the help centre shows it, and the approval is audited with who gave it
        #expect(approved.isPublished)
        #expect(try await f.db.solution(id: revised.requiredID, for: nil).title == "Reset the router")
        #expect(try f.db.count("auditEntry", where: "action = 'approved' AND entityId = '\(revised.requiredID)'") == 1)
        // And the superseded version cannot be published any more
        await expectFailure(.conflict) { try await f.db.approveSolution(id: solution.requiredID, by: admin) }
        // And a published solution's revision by its author stays published
        let again = try await f.db.reviseSolution(id: revised.requiredID, by: grace, draft)
        #expect(again.isPublished)
    }

    @Test("admins publish their own new solutions at once and approve anyone's; without review, agents publish at once")
    func adminsAndDeploymentsWithoutReview() async throws {
        let f = try await Fixture.make(configuration: HelpdeskConfiguration(bcryptCost: 4, newSolutionsNeedReview: true))
        let admin = try await f.admin()
        let grace = try await f.agent("Grace", by: admin)
        let mine = try await f.db.createSolution(by: admin, SolutionDraft(title: "Admin's", steps: ["Step"], isPublished: true))
        #expect(mine.isPublished)
        let hers = try await f.db.createSolution(by: grace, SolutionDraft(title: "Grace's", steps: ["Step"], isPublished: true))
        #expect(try await f.db.approveSolution(id: hers.requiredID, by: admin).isPublished)
        // An agent's solution kept from the help centre on purpose stays so.
        let kept = try await f.db.createSolution(by: grace, SolutionDraft(title: "Internal", steps: ["Step"], isPublished: false))
        #expect(!kept.isPublished)

        let open = try await Fixture.make()
        let boss = try await open.admin()
        let agent = try await open.agent("Grace", by: boss)
        let published = try await open.db.createSolution(by: agent, SolutionDraft(title: "At once", steps: ["Step"], isPublished: true))
        #expect(published.isPublished)
        #expect(open.db.mayApprove(published, viewer: agent))
    }
}

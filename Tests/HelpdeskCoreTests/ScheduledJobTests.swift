import Foundation
import Testing
import TestSupport

@testable import HelpdeskCore

/// Background jobs that must not run on two app nodes at once.
@Suite("Scheduled jobs run on one node at a time")
struct ScheduledJobTests {
    @Test("while one process runs a job, another one's turn is skipped; afterwards it runs again")
    func oneAtATime() async throws {
        let f = try await Fixture.make()
        let (started, start) = AsyncStream.makeStream(of: Void.self)
        let (finish, release) = AsyncStream.makeStream(of: Void.self)

        // Given node A in the middle of the SLA sweep
        let nodeA = Task {
            try await f.db.runAlone(.slaWarnings) {
                start.yield()
                for await _ in finish { break }
                return "A ran"
            }
        }
        for await _ in started { break }

        // Then node B's sweep is skipped on PostgreSQL (the only store several nodes share); another job still runs
        let skipped = try await f.db.runAlone(.slaWarnings) { "B ran" }
        #expect(skipped == (TestStore.current == .postgres ? nil : "B ran"))
        #expect(try await f.db.runAlone(.sessionPurge) { "purged" } == "purged")

        // And once A is done, B's next turn runs
        release.yield()
        #expect(try await nodeA.value == "A ran")
        #expect(try await f.db.runAlone(.slaWarnings) { "B ran" } == "B ran")
    }
}

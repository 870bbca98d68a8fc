import Foundation
import HelpdeskCore
import Testing

/// `care admin` and `care agent`, run as the built binary on a fresh data folder, then checked through the
/// database `care serve` would open.
@Suite("Admin command line")
struct AdminCommandTests {
    @Test(
        "create an admin and an agent, list and deactivate the agent; errors name the option",
        .enabled(if: CareBinary.missing == nil, Comment(rawValue: "command-line test skipped: \(CareBinary.missing ?? "")")),
        .timeLimit(.minutes(2))
    )
    func adminAndAgentCommands() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("care-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = ["--data", folder]

        // Given no admin yet, When an agent is created, Then the command says how to create one and fails
        let early = try await runCare(["agent", "create", "--email", "grace@care.test", "--name", "Grace"] + data)
        #expect(early.status != 0 && early.output.contains("error: there is no admin yet"))

        // When the admin is created with a password on standard input
        let admin = try await runCare(
            ["admin", "create", "--email", "Boss@Care.test", "--name", "Boss", "--password-stdin"] + data,
            input: "Admin-Passw0rd\n"
        )
        #expect(admin.status == 0, "\(admin.output)")
        #expect(admin.output.contains("boss@care.test") && !admin.output.contains("Admin-Passw0rd"))

        // When an agent is created and the agents are listed
        let created = try await runCare(
            ["agent", "create", "--email", "grace@care.test", "--name", "Grace Hopper", "--capacity", "8"] + data)
        #expect(created.status == 0, "\(created.output)")
        let listed = try await runCare(["agent", "list"] + data)
        #expect(listed.status == 0)
        let row = try #require(listed.output.split(separator: "\n").first { $0.contains("grace@care.test") })
        #expect(row.contains("Grace Hopper") && row.contains("active") && row.contains("0/8"))

        // Then bad input fails with the option named, and nothing is written
        let badEmail = try await runCare(["agent", "create", "--email", "not-an-address", "--name", "X"] + data)
        #expect(badEmail.status != 0 && badEmail.output.contains("error: --email:"))
        let badCapacity = try await runCare(
            ["agent", "create", "--email", "x@care.test", "--name", "X", "--capacity", "5000"] + data)
        #expect(badCapacity.status != 0 && badCapacity.output.contains("error: --capacity:"))
        let taken = try await runCare(["agent", "create", "--email", "boss@care.test", "--name", "X"] + data)
        #expect(taken.status != 0 && taken.output.contains("error: --email: Another account already uses"))
        let weak = try await runCare(
            ["admin", "create", "--email", "second@care.test", "--password-stdin"] + data, input: "short\n")
        #expect(weak.status != 0 && weak.output.contains("error: --password-stdin:"))

        // When the agent is deactivated, Then the list shows it and an unknown agent is an error
        let deactivated = try await runCare(["agent", "deactivate", "--email", "grace@care.test"] + data)
        #expect(deactivated.status == 0, "\(deactivated.output)")
        let unknown = try await runCare(["agent", "deactivate", "--email", "boss@care.test"] + data)
        #expect(unknown.status != 0 && unknown.output.contains("error: --email: no agent has the address"))

        // And the database holds exactly what the commands reported
        let database = try AppDatabase.openFile(at: folder + "/care.sqlite", configuration: HelpdeskConfiguration(bcryptCost: 4))
        let boss = try await database.login(email: "boss@care.test", password: "Admin-Passw0rd")
        #expect(boss.role == .admin)
        let agents = try await database.agents(for: boss)
        #expect(agents.map(\.agent.email) == ["grace@care.test"])
        #expect(agents.first?.agent.isActive == false && agents.first?.agent.capacity == 8)
        #expect(try await database.users(role: .admin, for: boss).map(\.email) == ["boss@care.test"])
    }
}

import Foundation
import HelpdeskCore
import Testing
import TestSupport

/// `care admin` and `care agent`, run as the built binary on a fresh data folder, then checked through the
/// database `care serve` would open.
@Suite("Admin command line")
struct AdminCommandTests {
    @Test(
        "create an admin and an agent, list and deactivate the agent; errors name the option",
        .enabled(if: CareBinary.missing == nil, Comment(rawValue: "command-line test skipped: \(CareBinary.missing ?? "")")),
        .enabled(if: TestStore.sqliteRunOnly == nil, Comment(rawValue: TestStore.sqliteRunOnly ?? "")),
        .timeLimit(.minutes(6))
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

    @Test(
        "care migrate says what it applied, then that the schema is up to date; a newer database is refused by it and by serve",
        .enabled(if: CareBinary.missing == nil, Comment(rawValue: "command-line test skipped: \(CareBinary.missing ?? "")")),
        .enabled(if: TestStore.sqliteRunOnly == nil, Comment(rawValue: TestStore.sqliteRunOnly ?? "")),
        .timeLimit(.minutes(6))
    )
    func migrateCommand() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("care-migrate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Given a fresh folder, When it is migrated twice, Then the first run lists every migration and the second none
        let first = try await runCare(["migrate", "--data", folder])
        #expect(first.status == 0 && first.output.contains("applied \(AppDatabase.migrationNames.count) migrations"), "\(first.output)")
        #expect(AppDatabase.migrationNames.allSatisfy { first.output.contains("  \($0)") })
        let second = try await runCare(["migrate", "--data", folder])
        #expect(second.status == 0 && second.output.contains("the schema is up to date"), "\(second.output)")
        // When a newer version has migrated the file further
        let database = try AppDatabase.openFile(at: folder + "/care.sqlite")
        try database.markMigratedByNewerVersion("v99-from-a-newer-release")
        // Then migrate and serve refuse it in one line naming the file and the unknown migration, with exit code 1
        let refused = try await runCare(["migrate", "--data", folder])
        #expect(refused.status == 1 && refused.output.contains("error: \(folder)/care.sqlite: the database was upgraded by a newer version"))
        #expect(refused.output.contains("v99-from-a-newer-release"))
        let serve = try await runCare(["serve", "--data", folder, "--port", "18098"])
        #expect(serve.status == 1 && serve.output.contains("v99-from-a-newer-release"), "\(serve.output)")
    }

    @Test(
        "care migrate --database postgres://… migrates a PostgreSQL database once and explains a refused password in one line",
        .enabled(if: CareBinary.missing == nil, Comment(rawValue: "command-line test skipped: \(CareBinary.missing ?? "")")),
        .enabled(if: PostgresTestDatabase.missing == nil, Comment(rawValue: PostgresTestDatabase.missing ?? "")),
        .timeLimit(.minutes(6))
    )
    func migratePostgres() async throws {
        try await PostgresTestDatabase.withFresh { settings in
            var url = "postgres://\(settings.user):\(settings.password ?? "")@\(settings.host):\(settings.port)/\(settings.database)?sslmode=disable"
            let first = try await runCare(["migrate", "--database", url])
            #expect(first.status == 0 && first.output.contains("applied \(PostgresStore.migrationNames.count) migrations"), "\(first.output)")
            #expect(!first.output.contains(settings.password ?? "\u{0}"))
            let second = try await runCare(["migrate"], environment: ["CARE_DATABASE_URL": url])
            #expect(second.status == 0 && second.output.contains("the schema is up to date"), "\(second.output)")
            url = url.replacingOccurrences(of: ":\(settings.password ?? "")@", with: ":wrong-password@")
            let refused = try await runCare(["migrate", "--database", url])
            #expect(refused.status == 1, "\(refused.output)")
            #expect(refused.output.contains("error: cannot open postgres://\(settings.user)@\(settings.host):\(settings.port)/\(settings.database)?sslmode=disable: the server refused the password"))
            #expect(!refused.output.contains("wrong-password"))
        }
    }
}

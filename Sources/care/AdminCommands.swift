import ArgumentParser
import Foundation
import HelpdeskCore

/// `care admin`: admin accounts, from the command line of the server.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Manage admin accounts (works on the data folder of care serve, also while it runs).",
        subcommands: [AdminCreateCommand.self]
    )
}

/// `care agent`: agent accounts, from the command line of the server.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Create, list and deactivate agents (works on the data folder of care serve, also while it runs).",
        discussion: """
            Changes are recorded in the audit history under an admin account: --admin, or the first admin.
            A new agent gets an invitation mail (sent by care serve) with a link to choose their password.
            """,
        subcommands: [AgentCreateCommand.self, AgentListCommand.self, AgentDeactivateCommand.self]
    )
}

/// Where the commands find the database: the same store `care serve` uses (`--data`'s SQLite file, or `--database`).
struct DataFolderOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "Folder of care.sqlite, as for care serve (env CARE_DATA).")
    var data: String = ProcessInfo.processInfo.environment["CARE_DATA"] ?? "./care-data"

    @Option(
        name: .customLong("database"),
        help: "A postgres://user:password@host:port/name?sslmode=…&sslrootcert=… URL, or a SQLite file, instead of --data's care.sqlite (env CARE_DATABASE_URL).")
    var database: String? = ProcessInfo.processInfo.environment["CARE_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// The store named: `--database`, else `<data>/care.sqlite`.
    /// - Throws: `ExitCode(1)` after printing what is wrong with `--database`.
    func location() throws -> StoreLocation {
        do {
            return try database.map(StoreLocation.parse)
                ?? .sqlite(path: URL(fileURLWithPath: data).appendingPathComponent("care.sqlite").path)
        } catch {
            throw StoreFailure.exit(error, store: database ?? data)
        }
    }

    /// Opens (creating a SQLite file if needed) the store and runs pending migrations.
    /// - Throws: `ExitCode(1)` after printing, in one line, why the store cannot be opened.
    func open() async throws -> AppDatabase {
        let location = try location()
        do {
            return try await AppDatabase.open(location)
        } catch {
            throw StoreFailure.exit(error, store: location.description)
        }
    }
}

/// The one line a command prints when its store cannot be opened.
enum StoreFailure {
    /// `ExitCode(1)` after printing why the store named `store` cannot be opened (unreachable, refused, a bad
    /// `--database`, a schema from a newer binary); any other error comes back as it was.
    static func exit(_ error: any Error, store: String) -> any Error {
        let line: String
        switch error {
        case let error as StoreOpenError: line = "error: \(error)"
        case let error as SchemaError: line = "error: \(store): \(error)"
        case let error as StoreLocationError: line = "error: --database: \(error)"
        default: return error
        }
        var standardError = FileHandleOutputStream.standardError
        print(line, to: &standardError)
        return ExitCode(1)
    }
}

/// `care migrate`: brings the database's schema up to date and says what it did (`care serve` and the other commands
/// do the same on opening, silently). `--database` (or `CARE_DATABASE_URL`) names a PostgreSQL database instead of the
/// data folder's SQLite file.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Run the database's pending migrations and print them."
    )

    @OptionGroup var store: DataFolderOptions

    func run() async throws {
        let location = try store.location()
        let applied: [String]
        let names: [String]
        do {
            switch location {
            case .sqlite(let path):
                try FileManager.default.createDirectory(
                    at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
                applied = try AppDatabase.openFile(at: path).migrationsApplied
                names = AppDatabase.migrationNames
            case .postgres(let settings):
                let postgres = try await PostgresStore.connect(settings)
                defer { Task { await postgres.close() } }
                applied = try await postgres.migrate()
                names = PostgresStore.migrationNames
            }
        } catch {
            throw StoreFailure.exit(error, store: location.description)
        }
        if applied.isEmpty {
            print("\(location): the schema is up to date (\(names.count) migrations, latest \(names.last ?? "none")).")
        } else {
            print("\(location): applied \(applied.count) migrations:")
            for name in applied { print("  \(name)") }
        }
    }
}

/// Turns domain refusals into `error: --option: message` on standard error and exit code 1.
enum CommandLineFailure {
    /// The command-line option that carries each validated field.
    static let options = [
        "name": "--name", "email": "--email", "password": "--password-stdin", "capacity": "--capacity",
        "skills": "--skills",
    ]

    /// Runs `body`; a `HelpdeskError` is printed naming the option it is about, then the command exits with 1.
    /// - Parameter conflictOption: the option a `.conflict` is about (the address that is already used).
    static func reporting(conflictOption: String? = nil, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as HelpdeskError {
            var standardError = FileHandleOutputStream.standardError
            print("error: \(message(for: error, conflictOption: conflictOption))", to: &standardError)
            throw ExitCode(1)
        }
    }

    /// The line printed after `error: `.
    static func message(for error: HelpdeskError, conflictOption: String?) -> String {
        switch error {
        case .invalidInput(let field, let message):
            "\(options[field] ?? "--" + field): \(message)"
        case .notFound(let entity, let id) where entity == "admin":
            id.contains("@")
                ? "--admin: no active admin has the address \(id)."
                : "there is no admin yet: create one with `care admin create` (or start `care serve` once)."
        case .notFound(let entity, let id) where entity == "agent":
            "--email: no agent has the address \(id)."
        case .conflict(let reason):
            conflictOption.map { "\($0): \(reason)" } ?? reason
        default:
            error.description
        }
    }
}

/// `care admin create --email E --name N [--password-stdin]`.
struct AdminCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an admin account.",
        discussion: """
            Without --password-stdin a random password is generated and printed once; it is stored only as a
            bcrypt hash. Example: printf '%s\\n' "$PASSWORD" | care admin create --email a@example.com --name Ann --password-stdin
            """
    )

    @Option(help: "The admin's e-mail address.")
    var email: String
    @Option(help: "The admin's display name.")
    var name: String = "Administrator"
    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
    var passwordFromStandardInput = false
    @OptionGroup var data: DataFolderOptions

    func run() async throws {
        try await CommandLineFailure.reporting(conflictOption: "--email") {
            var password: String?
            if passwordFromStandardInput {
                guard let line = readLine(strippingNewline: true) else {
                    throw HelpdeskError.invalidInput(field: "password", message: "Standard input is empty.")
                }
                password = line
            }
            let database = try await data.open()
            let created = try await database.createAdmin(name: name, email: email, password: password)
            print("Created admin #\(created.admin.requiredID) \(created.admin.email) (\(created.admin.name)).")
            if let generated = created.generatedPassword {
                print("password: \(generated)")
                print("(shown only this once; change it after signing in)")
            }
        }
    }
}

/// `care agent create --email E --name N [--skills a,b] [--capacity 8]`.
struct AgentCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an agent; they receive a mail with a link to choose their password."
    )

    @Option(help: "The agent's e-mail address.")
    var email: String
    @Option(help: "The agent's display name.")
    var name: String
    @Option(help: "Category ids the agent handles, comma-separated (each must exist).")
    var skills: String = ""
    @Option(help: "How many open tickets the agent may hold (0…1000).")
    var capacity: Int = 10
    @Option(name: .customLong("admin"), help: "E-mail of the admin the change is recorded under (default: the first admin).")
    var adminEmail: String?
    @OptionGroup var data: DataFolderOptions

    /// The `--skills` list without blanks.
    var skillList: [String] {
        skills.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() async throws {
        try await CommandLineFailure.reporting(conflictOption: "--email") {
            let database = try await data.open()
            let admin = try await database.operatingAdmin(email: adminEmail)
            let agent = try await database.createAgent(
                by: admin, name: name, email: email, skills: skillList, capacity: capacity)
            print("Created agent #\(agent.requiredID) \(agent.email) (\(agent.name)), capacity \(agent.capacity).")
            print("An invitation to choose a password is queued for \(agent.email) (care serve sends it).")
        }
    }
}

/// `care agent list`.
struct AgentListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List agents with their state, load and skills."
    )

    @Option(name: .customLong("admin"), help: "E-mail of the admin to list as (default: the first admin).")
    var adminEmail: String?
    @OptionGroup var data: DataFolderOptions

    func run() async throws {
        try await CommandLineFailure.reporting {
            let database = try await data.open()
            let admin = try await database.operatingAdmin(email: adminEmail)
            print(Self.table(try await database.agents(for: admin)), terminator: "")
        }
    }

    /// One header line and one line per agent, columns padded to their widest cell.
    static func table(_ loads: [AgentLoad]) -> String {
        var rows = [["ID", "E-MAIL", "NAME", "STATE", "OPEN/CAPACITY", "SKILLS"]]
        for load in loads {
            let agent = load.agent
            rows.append([
                "\(agent.requiredID)", agent.email, agent.name, agent.isActive ? "active" : "deactivated",
                "\(load.openTickets)/\(agent.capacity)", agent.skills.joined(separator: ","),
            ])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}

/// `care agent deactivate --email E`.
struct AgentDeactivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deactivate",
        abstract: "Deactivate an agent: their open tickets go back to the queue, their sessions and API tokens end."
    )

    @Option(help: "The agent's e-mail address.")
    var email: String
    @Option(name: .customLong("admin"), help: "E-mail of the admin the change is recorded under (default: the first admin).")
    var adminEmail: String?
    @OptionGroup var data: DataFolderOptions

    func run() async throws {
        try await CommandLineFailure.reporting {
            let database = try await data.open()
            let admin = try await database.operatingAdmin(email: adminEmail)
            let agent = try await database.agent(email: email, for: admin)
            guard agent.isActive else {
                print("Agent \(agent.email) is already deactivated.")
                return
            }
            let returned = try await database.deactivateAgent(id: agent.requiredID, by: admin)
            let list = returned.map { "#\($0)" }.joined(separator: ", ")
            print("Deactivated agent \(agent.email); \(returned.count) open ticket(s) back in the queue\(returned.isEmpty ? "" : ": " + list).")
        }
    }
}

import ArgumentParser

/// The `care` command: runs the helpdesk and its tools.
@main
struct Care: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "care",
        abstract: "Customer Care Registry: a helpdesk with its own search engine.",
        subcommands: [
            ServeCommand.self, ImportCommand.self, EvalCommand.self, BenchCommand.self, AdminCommand.self,
            AgentCommand.self, GenerateCommand.self, MigrateCommand.self, DatabaseCommand.self, HealthCommand.self, MailInCommand.self,
        ]
    )
}

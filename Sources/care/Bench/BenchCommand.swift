import ArgumentParser

/// `care bench`: speed and quality measurements.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the search engine against SQLite FTS5 on the same corpus, and as-you-type suggestions on a store.",
        subcommands: [SearchBenchCommand.self, TypingBenchCommand.self]
    )
}

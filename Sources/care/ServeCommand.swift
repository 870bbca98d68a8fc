import ArgumentParser
import Foundation
import HelpdeskServer
import Hummingbird
import Logging

/// `care serve`: runs the web application (help centre, customer pages, agent console, admin, JSON API).
struct ServeCommand: AsyncParsableCommand, AppArguments {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the helpdesk web server."
    )

    @Option(name: .long, help: "Interface to listen on (env CARE_HOST).")
    var host: String = ProcessInfo.processInfo.environment["CARE_HOST"] ?? "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (env CARE_PORT).")
    var port: Int = Int(ProcessInfo.processInfo.environment["CARE_PORT"] ?? "") ?? 8080

    @Option(name: .customLong("data"), help: "Folder for care.sqlite and the index snapshot (env CARE_DATA).")
    var data: String = ProcessInfo.processInfo.environment["CARE_DATA"] ?? "./care-data"

    @Option(name: .long, help: "SMTP server for outgoing mail, e.g. smtp://mail:25; without it mail is written to <data>/outbox/*.eml (env CARE_SMTP_URL).")
    var smtp: String? = ProcessInfo.processInfo.environment["CARE_SMTP_URL"]

    @Option(name: .customLong("base-url"), help: "Public address used in mail links (env CARE_BASE_URL).")
    var baseURLOption: String? = ProcessInfo.processInfo.environment["CARE_BASE_URL"]

    @Flag(name: .customLong("no-corpus"), help: "Do not load the shipped Corpus/ folder into an empty database.")
    var noCorpus = false

    @Option(name: .customLong("corpus"), help: "Corpus folder (default: ./Corpus when it exists).")
    var corpusPath: String?

    @Option(name: .customLong("admin-email"), help: "E-mail of the first admin (env CARE_ADMIN_EMAIL).")
    var adminEmailOption: String = ProcessInfo.processInfo.environment["CARE_ADMIN_EMAIL"] ?? "admin@example.com"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevelName: String = ProcessInfo.processInfo.environment["CARE_LOG_LEVEL"] ?? "info"

    // MARK: AppArguments

    var hostname: String { host }
    var smtpURL: String? { smtp.flatMap { $0.isEmpty ? nil : $0 } }
    var dataFolder: String? { data }
    var baseURL: String { baseURLOption ?? "http://\(host):\(port)" }
    var adminEmail: String { adminEmailOption }
    /// Read from the environment only, so it never shows in the process list.
    var adminPassword: String? { ProcessInfo.processInfo.environment["CARE_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 } }
    var bcryptCost: UInt8 { 12 }
    var logLevel: Logger.Level { Logger.Level(rawValue: logLevelName) ?? .info }
    var corpusFolder: String? {
        if noCorpus { return nil }
        if let corpusPath { return corpusPath }
        let candidate = FileManager.default.currentDirectoryPath + "/Corpus"
        return FileManager.default.fileExists(atPath: candidate + "/solutions.jsonl") ? candidate : nil
    }
    var suggestionBurst: Int { 40 }
    var loginBurst: Int { 10 }

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535.") }
        if let corpusPath, !FileManager.default.fileExists(atPath: corpusPath + "/solutions.jsonl") {
            throw ValidationError("--corpus \(corpusPath) has no solutions.jsonl.")
        }
        guard Logger.Level(rawValue: logLevelName) != nil else { throw ValidationError("Unknown --log-level \(logLevelName).") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: logLevelName) ?? .info
            return handler
        }
        let app = try await buildApplication(self)
        try await app.runService()
    }
}

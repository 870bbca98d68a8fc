import Foundation
import Testing
import TestSupport

/// Runs the browser journey in `e2e/` (pytest + Selenium + headless Chromium) against the real `care`
/// binary, so the README's one test command also covers what a person does in a browser. Skips with a
/// message when the browser, its driver or the Python packages are missing.
@Suite("Browser journey")
struct BrowserJourneyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: String {
        ProcessInfo.processInfo.environment["CARE_BIN"] ?? root.appendingPathComponent(".build/debug/care").path
    }

    /// Why the journey cannot run here, or nil when it can.
    static let missing: String? = {
        if !FileManager.default.fileExists(atPath: binary) { return "no care binary at \(binary) (run swift build first)" }
        if !["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].contains(where: FileManager.default.fileExists) {
            return "chromium-driver is not installed (apt-get install chromium chromium-driver)"
        }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import selenium, pytest"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        do { try probe.run() } catch { return "python3 is not available" }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? nil : "selenium or pytest is missing (pip install selenium pytest)"
    }()

    @Test(
        "register, confirm, complain with a suggestion, assign, reply, resolve, see the solution",
        .enabled(if: missing == nil, Comment(rawValue: "browser journey skipped: \(missing ?? "")")),
        .timeLimit(.minutes(10))
    )
    func journey() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "pytest", "-q", "-x", "e2e"]
        process.currentDirectoryURL = Self.root
        var environment = ProcessInfo.processInfo.environment
        environment["CARE_BIN"] = Self.binary
        // On a PostgreSQL run, the journey's server uses a fresh database of the test cluster (care serve reads it from
        // CARE_DATABASE_URL).
        let store = try await TestStore.location(folder: FileManager.default.temporaryDirectory.path)
        if let url = store.arguments.last, store.arguments.first == "--database" { environment["CARE_DATABASE_URL"] = url }
        process.environment = environment
        // Output goes to a file and the exit is awaited through the termination handler, so the test
        // never blocks one of Swift concurrency's cooperative threads while the journey runs.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? FileManager.default.removeItem(at: log) }
        process.standardOutput = handle
        process.standardError = handle
        let exits = AsyncStream<Int32> { continuation in
            process.terminationHandler = { finished in
                continuation.yield(finished.terminationStatus)
                continuation.finish()
            }
        }
        try process.run()
        var status: Int32 = -1
        for await code in exits { status = code }
        try? handle.close()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "pytest e2e failed:\n\(text.suffix(6000))")
    }
}

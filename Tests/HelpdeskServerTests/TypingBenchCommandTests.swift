import Foundation
import HelpdeskCore
import Testing
import TestSupport

/// `care bench typing`, run as the built binary on a fresh data folder.
@Suite("Typing benchmark command")
struct TypingBenchCommandTests {
    @Test(
        "times every keystroke of the complaints given; a bad complaints file is refused naming its line and field",
        .enabled(if: CareBinary.missing == nil, Comment(rawValue: "command-line test skipped: \(CareBinary.missing ?? "")")),
        .enabled(if: TestStore.sqliteRunOnly == nil, Comment(rawValue: TestStore.sqliteRunOnly ?? "")),
        .timeLimit(.minutes(6))
    )
    func typingBench() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("care-typing-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let complaints = folder + "/complaints.jsonl"
        // Given two complaints of 11 and 9 characters typed in full
        try """
            {"id": "A", "subject": "Printer", "description": "jam", "solutions": [], "agents": []}
            {"id": "B", "subject": "Wifi", "description": "drop", "solutions": [], "agents": []}

            """.write(toFile: complaints, atomically: true, encoding: .utf8)
        let run = try await runCare([
            "bench", "typing", "--data", folder, "--complaints", complaints, "--rounds", "2", "--no-meaning",
        ])
        // Then every keystroke from the third character on is timed, in each round
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("32 keystrokes (2 complaints × 2 rounds)"), "\(run.output)")
        #expect(run.output.contains("thread CPU µs per keystroke: p50 "), "\(run.output)")
        // When a line lacks its description, Then the command names the file, the line and the field, and fails
        try """
            {"id": "A", "subject": "Printer", "description": "jam", "solutions": [], "agents": []}
            {"id": "B", "subject": "Wifi", "solutions": [], "agents": []}

            """.write(toFile: complaints, atomically: true, encoding: .utf8)
        let refused = try await runCare(["bench", "typing", "--data", folder, "--complaints", complaints, "--no-meaning"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("\(complaints):2: "), "\(refused.output)")
        #expect(refused.output.contains("\"description\""), "\(refused.output)")
        // And a number of rounds out of range is refused before anything is opened
        let rounds = try await runCare(["bench", "typing", "--data", folder, "--rounds", "0"])
        #expect(rounds.status != 0 && rounds.output.contains("--rounds"), "\(rounds.output)")
    }
}

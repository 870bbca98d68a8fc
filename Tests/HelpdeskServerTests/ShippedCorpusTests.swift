import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The knowledge base is built into `care` (the `ShippedCorpus` resource bundle beside the binary): `care serve`
/// started in a folder without `./Corpus` still loads it, answers `/health/ready` and suggests its solutions.
@Suite("The shipped corpus")
struct ShippedCorpusTests {
    @Test(
        "care serve started from an empty folder loads the bundled corpus and suggests from it",
        .enabled(if: CareBinary.missing == nil, Comment(rawValue: "skipped: \(CareBinary.missing ?? "")")),
        .enabled(if: TestStore.sqliteRunOnly == nil, Comment(rawValue: TestStore.sqliteRunOnly ?? "")),
        .timeLimit(.minutes(10))
    )
    func loadsTheBundledCorpusFromAnyFolder() async throws {
        let binary = try #require(CareBinary.path)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("care-anywhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Corpus").path))
        let log = folder.appendingPathComponent("serve.log")
        let port = try freeLoopbackPort()

        // Given care serve started in a folder that has no Corpus/, with no --corpus, on a fresh SQLite store
        let server = try ChildProcess(
            binary, ["serve", "--data", "data", "--port", "\(port)", "--log-level", "info"],
            environment: ["CARE_ADMIN_PASSWORD": TestData.adminPassword, "CARE_DATABASE_URL": "", "CARE_CORPUS": "",
                          "CARE_NO_CORPUS": ""],
            log: log, directory: folder)
        defer { server.send(SIGKILL) }
        let logText = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        // Loading the whole shipped corpus takes a debug build a while on a busy machine.
        do { try await waitUntilHealthy(port: port, timeout: .seconds(240)) } catch {
            Issue.record("care serve did not start:\n\(logText().suffix(2000))")
            throw error
        }

        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(30)))
        client.connect()
        defer { Task { try? await client.shutdown() } }
        // Then it is ready, it says it loaded the corpus from the bundle, and the corpus's solutions are suggested
        #expect(try await client.get("/health/ready").status == .ok)
        let text = logText()
        #expect(text.contains("loaded the corpus"))
        #expect(text.contains("ShippedCorpus.resources"))
        let answer = try await client.execute(
            TestClient.Request(
                "/api/v1/suggestions", method: .post,
                headers: [.contentType: "application/json", .accept: "application/json"],
                body: ByteBuffer(string: #"{"text": "my payout has not arrived in my bank account"}"#)))
        #expect(answer.status == .ok)
        let body = try #require(answer.body)
        let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
        let suggestions = try #require(json?["suggestions"] as? [Any])
        #expect(!suggestions.isEmpty)

        server.send(SIGTERM)
        _ = await server.exitStatus()
    }
}

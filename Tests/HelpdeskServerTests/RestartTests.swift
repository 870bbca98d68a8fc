import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// `buildApplication` over a data folder, as `care serve` runs it: the database file, the index snapshot and the
/// sessions outlive the process.
@Suite struct RestartTests {
    @Test func sessionsAndTheIndexSurviveARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("care-restart-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var arguments = TestArguments()
        arguments.dataFolder = folder
        let corpus = try TestData.corpusFolder()
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        arguments.corpusFolder = corpus

        let first = try await buildApplication(arguments)
        #expect(FileManager.default.fileExists(atPath: folder + "/care.sqlite"))
        #expect(FileManager.default.fileExists(atPath: folder + "/index/manifest"))
        let cookie: String = try await first.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/session",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"email": "admin@care.test", "password": "\#(TestData.adminPassword)"}"#)
            )
            #expect(response.status == .ok)
            return try #require(TestEnvironment.sessionCookie(response))
        }

        // Second start: the corpus is not loaded twice, the snapshot is reused, the session still works.
        let second = try await buildApplication(arguments)
        try await second.test(.router) { client in
            let me = try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: cookie])
            #expect(me.status == .ok)
            let solutions = try await client.execute(
                uri: "/api/v1/solutions", method: .get, headers: [.cookie: cookie])
            let json = try TestEnvironment.json(solutions)
            #expect((json["solutions"] as? [Any])?.count == 4)
            let suggestions = try await client.execute(
                uri: "/api/v1/suggestions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"text": "router wifi"}"#))
            #expect(String(buffer: suggestions.body).contains("Router keeps dropping"))
        }
    }
}

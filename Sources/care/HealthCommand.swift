import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `care health`: asks a running server's health endpoint and exits 0 only on a 200, for container health checks in
/// images that carry no curl (the image's `HEALTHCHECK` runs `care health`).
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Ask a running server's health endpoint; exit 0 on 200, 1 otherwise (for container health checks)."
    )

    /// The endpoint asked.
    @Option(
        name: .long,
        help: "Endpoint to ask (default: http://127.0.0.1:<CARE_PORT or 8080>/health/live; /health/ready also checks the database and the index)."
    )
    var url: String = "http://127.0.0.1:\(ProcessInfo.processInfo.environment["CARE_PORT"].flatMap(Int.init) ?? 8080)/health/live"

    /// How long to wait for the whole answer.
    @Option(name: .long, help: "Seconds to wait for the answer (default 5).")
    var timeout: Int = 5

    /// Refuses a URL that is not http(s) with a host, and a timeout outside 1…300 seconds.
    func validate() throws {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw ValidationError("--url must be an http:// or https:// address, not \(url).")
        }
        guard (1...300).contains(timeout) else { throw ValidationError("--timeout must be between 1 and 300 seconds.") }
    }

    /// Asks `url` once; prints the body and exits 0 on 200, prints why on standard error and exits 1 otherwise.
    func run() async throws {
        let request = HTTPClientRequest(url: url)
        let status: UInt
        let body: String
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(timeout)))
            status = response.status.code
            let bytes = try await response.body.collect(upTo: 4096)
            body = String(buffer: bytes)
        } catch {
            FileHandle.standardError.write(Data("care health: no answer from \(url): \(error)\n".utf8))
            throw ExitCode.failure
        }
        guard status == 200 else {
            let excerpt = body.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(200)
            FileHandle.standardError.write(Data("care health: \(url) answered \(status): \(excerpt)\n".utf8))
            throw ExitCode.failure
        }
        print(body)
    }
}

import Foundation
import HummingbirdTesting
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `care` binary, for tests that run it as a separate process (CI sets `CARE_BIN` after
/// `swift build --product care`).
enum CareBinary {
    /// The binary's path, from `CARE_BIN`.
    static let path: String? = ProcessInfo.processInfo.environment["CARE_BIN"].flatMap { $0.isEmpty ? nil : $0 }

    /// Why such tests cannot run here, or nil when they can.
    static let missing: String? = {
        guard let path else { return "CARE_BIN is not set (swift build --product care; export CARE_BIN=.build/debug/care)" }
        return FileManager.default.isExecutableFile(atPath: path) ? nil : "no care binary at CARE_BIN=\(path)"
    }()
}

/// A child process of the test, whose exit is awaited without blocking a cooperative thread.
final class ChildProcess: Sendable {
    private let process: Process
    private let exits: AsyncStream<Int32>

    /// Starts `executable` with `arguments`; standard output and error go to `log` (appended), standard input is
    /// `input` when given; it runs in `directory` when given (the test's working folder otherwise).
    init(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        log: URL,
        input: String? = nil,
        directory: URL? = nil
    ) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        if let input {
            let pipe = Pipe()
            process.standardInput = pipe
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let (exits, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished in
            try? handle.close()
            continuation.yield(finished.terminationStatus)
            continuation.finish()
        }
        self.process = process
        self.exits = exits
        try process.run()
    }

    /// Sends `signal` (SIGKILL, SIGTERM) to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the exit; returns the exit status (or the number of the signal that ended it). When the waiting task is
    /// cancelled first (a test's time limit ran out), the process is killed and -1 returned: Foundation traps when asked
    /// for the status of a process that is still running.
    func exitStatus() async -> Int32 {
        for await status in exits { return status }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        return -1
    }
}

/// Runs `care` with `arguments` to completion; returns its exit status and everything it printed.
func runCare(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws -> (
    status: Int32, output: String
) {
    let binary = try #require(CareBinary.path)
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("care-run-\(UUID().uuidString).log")
    defer { try? FileManager.default.removeItem(at: log) }
    let child = try ChildProcess(binary, arguments, environment: environment, log: log, input: input)
    let status = await child.exitStatus()
    return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
}

/// A TCP port on the loopback interface that nothing listens on right now.
func freeLoopbackPort() throws -> Int {
    let (fd, port) = try boundLoopbackSocket()
    close(fd)
    return port
}

/// A TCP socket bound to a free port of the loopback interface, and that port; the caller closes the socket.
func boundLoopbackSocket() throws -> (descriptor: Int32, port: Int) {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw POSIXError(.EMFILE) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard bound == 0, named == 0 else {
        close(fd)
        throw POSIXError(bound == 0 ? .EADDRNOTAVAIL : .EADDRINUSE)
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

/// Waits until `GET /health` on `port` answers 200, or throws after `timeout`.
func waitUntilHealthy(port: Int, timeout: Duration = .seconds(90)) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(5)))
        client.connect()
        let healthy = (try? await client.get("/health").status == .ok) ?? false
        try? await client.shutdown()
        if healthy { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw ServerDidNotStart(port: port, timeout: timeout)
}

/// `care serve` did not answer `/health` in time.
struct ServerDidNotStart: Error, CustomStringConvertible {
    var port: Int
    var timeout: Duration
    var description: String { "no answer from /health on port \(port) within \(timeout)" }
}

import Foundation
import HelpdeskCore
import Synchronization
import Testing
import TestSupport

@testable import HelpdeskMail

/// The mail tests' settings and helpers on the shared `Fixture`.
extension Fixture {
    /// The server's public address, for links in mail bodies.
    static let baseURL = "https://help.example.com"

    /// A fresh in-memory store whose core writes links with `coreBaseURL`.
    init(coreBaseURL: String) throws {
        try self.init(configuration: HelpdeskConfiguration(bcryptCost: 4, baseURL: coreBaseURL))
    }

    /// A delivery service over `transport` with this fixture's clock.
    func service(
        _ transport: any MailTransport,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 5, initialDelay: .seconds(60))
    ) -> MailDeliveryService {
        MailDeliveryService(
            database: db,
            transport: transport,
            baseURL: Self.baseURL,
            retryPolicy: retry,
            now: clock.closure
        )
    }

    /// Every outbox row that is neither sent nor given up.
    func unsent() async throws -> [OutboxMail] { try await db.outbox().filter { $0.sentAt == nil } }

    /// Marks every mail written so far as sent, so that a test starts from an empty queue.
    func drainOutbox() async throws {
        for mail in try await unsent() { try await db.markMailSent(id: mail.id!) }
    }
}

/// A mail as the test SMTP server received and parsed it.
struct ReceivedMail: Decodable {
    let mail_from: String
    let rcpt_tos: [String]
    let subject: String
    let from: String
    let to: String
    let message_id: String
    let date: String
    let content_type: String
    let text: String?
    let html: String?
    let authenticated_as: String?
    let tls: Bool
    let bare_lf: Bool
    let long_lines: [Int]
    /// The raw message as received.
    var raw = ""

    private enum CodingKeys: String, CodingKey {
        case mail_from, rcpt_tos, subject, from, to, message_id, date, content_type, text, html, authenticated_as, tls
        case bare_lf, long_lines
    }

    /// The text part with LF line endings.
    var plainText: String { (text ?? "").replacingOccurrences(of: "\r\n", with: "\n") }
}

/// `smtp_test_server.py` (aiosmtpd) run as a subprocess on loopback.
final class SMTPTestServer: @unchecked Sendable {
    // @unchecked: `process` is only touched by the test that owns the server, one call at a time.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Support/smtp_test_server.py")

    /// Whether python3 with aiosmtpd is there; the SMTP tests are skipped otherwise.
    static let isAvailable: Bool = {
        guard let status = try? run(["python3", "-c", "import aiosmtpd"]) else { return false }
        return status == 0
    }()

    /// Whether `openssl` can make a certificate for the TLS tests.
    static let hasOpenSSL: Bool = { ((try? run(["openssl", "version"])) ?? 1) == 0 }()

    static let skipMessage: Comment = "needs python3 with aiosmtpd on PATH (pip install aiosmtpd)"

    let directory: URL
    let port: Int
    private let process: Process

    /// Starts the server and waits until it listens.
    /// - Parameters:
    ///   - options: the script's options, e.g. `["--tempfail-first", "1"]`.
    ///   - port: a fixed port, or 0 for any free one.
    init(_ options: [String] = [], port: Int = 0) async throws {
        let directory = try temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, "--dir", directory.path, "--port", "\(port)"] + options
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let ready = directory.appendingPathComponent("ready")
        var listening: Int?
        for _ in 0..<200 {
            if let text = try? String(contentsOf: ready, encoding: .utf8), let port = Int(text) {
                listening = port
                break
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let listening else {
            if process.isRunning { process.terminate() }
            throw SMTPTestServerError.didNotStart(options)
        }
        self.directory = directory
        self.process = process
        self.port = listening
    }

    /// Stops the server and waits for it to exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Every message received so far, in order.
    func received() throws -> [ReceivedMail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let numbers = names.filter { $0.hasSuffix(".json") }.compactMap { Int($0.dropLast(5)) }.sorted()
        return try numbers.map { number in
            let data = try Data(contentsOf: directory.appendingPathComponent("\(number).json"))
            var mail = try JSONDecoder().decode(ReceivedMail.self, from: data)
            mail.raw = try String(contentsOf: directory.appendingPathComponent("\(number).eml"), encoding: .utf8)
            return mail
        }
    }

    /// `url` for this server with `query` appended.
    func url(user: String? = nil, _ query: String = "starttls=never") -> String {
        let from = "from=Help%20Desk%20%3Chelp%40example.com%3E"
        return "smtp://\(user.map { "\($0)@" } ?? "")127.0.0.1:\(port)?\(from)&\(query)"
    }

    @discardableResult
    static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A self-signed certificate for 127.0.0.1 and localhost, made with openssl in `directory`.
    static func makeCertificate(in directory: URL) throws -> (cert: String, key: String) {
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let status = try run([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", key, "-out", cert,
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-addext", "basicConstraints=critical,CA:TRUE",
        ])
        guard status == 0 else { throw SMTPTestServerError.openSSLFailed }
        return (cert, key)
    }

    /// A free TCP port on loopback (bound and released by python3), for a server started later.
    static func freePort() throws -> Int {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("port").path
        let code =
            "import socket;s=socket.socket();s.bind(('127.0.0.1',0));open('\(file)','w').write(str(s.getsockname()[1]))"
        guard try run(["python3", "-c", code]) == 0, let port = Int(try String(contentsOfFile: file, encoding: .utf8))
        else { throw SMTPTestServerError.noFreePort }
        return port
    }
}

enum SMTPTestServerError: Error {
    case didNotStart([String])
    case openSSLFailed
    case noFreePort
}

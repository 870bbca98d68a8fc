import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail over SMTP (RFC 5321) with SwiftNIO: EHLO (falling back to HELO), STARTTLS or implicit TLS, AUTH PLAIN
/// or LOGIN, then MAIL FROM / RCPT TO / DATA per message over one connection, and QUIT.
///
/// Outcomes: 2xx after the final dot is `.delivered`; a 5xx to RCPT TO or to the data is `.permanent`; everything
/// else (4xx, timeouts, connection and TLS errors, refused AUTH, a 5xx to MAIL FROM, which is about our own
/// configuration rather than the mail) is `.transient`, so mails wait until the problem is fixed.
public struct SMTPMailTransport: MailTransport {
    /// The parsed configuration.
    public let configuration: SMTPConfiguration
    private let tlsContext: NIOSSLContext?
    private let group: any EventLoopGroup
    private let logger: Logger

    /// The configured sender.
    public var sender: MailAddress { configuration.from }

    /// Prepares a transport; nothing connects until `deliver` is called.
    /// - Parameters:
    ///   - configuration: where and how to connect.
    ///   - group: the event loops to use.
    ///   - logger: where the conversation's problems go (credentials are never logged).
    /// - Throws: when TLS is possible and the trust roots (`cafile`) cannot be loaded.
    public init(
        configuration: SMTPConfiguration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "HelpdeskMail.SMTP")
    ) throws {
        self.configuration = configuration
        self.group = group
        self.logger = logger
        if configuration.security == .startTLS(.never) {
            tlsContext = nil
        } else {
            var tls = TLSConfiguration.makeClientConfiguration()
            if let caFile = configuration.caFile {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            }
            tlsContext = try NIOSSLContext(configuration: tls)
        }
    }

    /// Parses `url` (see `SMTPConfiguration`) and prepares a transport.
    public init(url: String, logger: Logger = Logger(label: "HelpdeskMail.SMTP")) throws {
        try self.init(configuration: SMTPConfiguration(url: url), logger: logger)
    }

    /// Opens one session (connect, greeting, EHLO, TLS, AUTH), sends each message in turn, reports each outcome
    /// before the next message, then says QUIT. See `MailTransport.deliver(_:report:)`.
    public func deliver(
        _ messages: [MailMessage],
        report: @Sendable (MailMessage, DeliveryOutcome) async -> Void
    ) async {
        guard !messages.isEmpty else { return }
        var connection: SMTPConnection
        do {
            connection = try await openSession()
        } catch {
            let reason = "connecting to \(configuration.host):\(configuration.port): \(Self.describe(error))"
            logger.warning("SMTP session failed", metadata: ["error": "\(reason)"])
            for message in messages { await report(message, .transient(reason)) }
            return
        }
        var index = messages.startIndex
        while index < messages.endIndex, !Task.isCancelled {
            let message = messages[index]
            index += 1
            do {
                try await send(message, over: connection)
                await report(message, .delivered)
            } catch let failure as MessageFailure {
                await report(message, failure.outcome)
                // The server still talks: reset the transaction and go on with the next message.
                if (try? await connection.command("RSET"))?.isPositive != true { break }
            } catch {
                let reason = Self.describe(error)
                logger.warning("SMTP connection lost", metadata: ["error": "\(reason)"])
                await report(message, .transient(reason))
                for rest in messages[index...] where !Task.isCancelled { await report(rest, .transient(reason)) }
                index = messages.endIndex
            }
        }
        _ = try? await connection.command("QUIT")
        await connection.close()
    }

    // MARK: - Conversation

    /// Connects, reads the greeting, says EHLO, upgrades to TLS and authenticates as configured.
    private func openSession() async throws -> SMTPConnection {
        let implicit = configuration.security == .implicitTLS ? tlsContext : nil
        var connection = try await SMTPConnection.connect(
            host: configuration.host,
            port: configuration.port,
            tls: implicit,
            timeout: TimeAmount(configuration.timeout),
            group: group
        )
        do {
            try expect(220, await connection.reply(to: "greeting"), "greeting")
            var capabilities = try await hello(connection)
            if case .startTLS(let mode) = configuration.security, mode != .never {
                if capabilities.has("STARTTLS"), let tlsContext {
                    try expect(220, await connection.command("STARTTLS"), "STARTTLS")
                    try await connection.startTLS(context: tlsContext, host: configuration.host)
                    capabilities = try await hello(connection)
                } else if mode == .required {
                    throw SMTPError.startTLSNotOffered
                }
            }
            if let username = configuration.username {
                guard connection.isEncrypted || configuration.security == .startTLS(.never) else {
                    throw SMTPError.refusingPlaintextAuth
                }
                try await authenticate(connection, username: username, capabilities: capabilities)
            }
            return connection
        } catch {
            await connection.close()
            throw error
        }
    }

    /// EHLO, or HELO when the server does not know EHLO; returns the extensions the server announced.
    private func hello(_ connection: SMTPConnection) async throws -> Capabilities {
        let ehlo = try await connection.command("EHLO \(configuration.heloName)")
        if ehlo.isPositive { return Capabilities(ehlo) }
        guard ehlo.code == 500 || ehlo.code == 502 else {
            throw SMTPError.unexpectedReply(command: "EHLO", reply: ehlo)
        }
        try expect(250, await connection.command("HELO \(configuration.heloName)"), "HELO")
        return Capabilities()
    }

    private func authenticate(_ connection: SMTPConnection, username: String, capabilities: Capabilities) async throws {
        let password = configuration.password ?? ""
        let mechanism: SMTPConfiguration.AuthMechanism
        if let forced = configuration.authMechanism {
            mechanism = forced
        } else if capabilities.authMechanisms.contains("PLAIN") {
            mechanism = .plain
        } else if capabilities.authMechanisms.contains("LOGIN") {
            mechanism = .login
        } else {
            throw SMTPError.noAuthMechanism(offered: capabilities.authMechanisms)
        }
        let final: SMTPReply
        switch mechanism {
        case .plain:
            let token = Self.base64("\0\(username)\0\(password)")
            final = try await connection.command("AUTH PLAIN \(token)", logAs: "AUTH PLAIN")
        case .login:
            try expect(334, await connection.command("AUTH LOGIN"), "AUTH LOGIN")
            try expect(334, await connection.command(Self.base64(username), logAs: "AUTH LOGIN user"), "AUTH LOGIN")
            final = try await connection.command(Self.base64(password), logAs: "AUTH LOGIN password")
        }
        try expect(235, final, "AUTH \(mechanism.rawValue)")
    }

    /// One mail transaction. Throws `MessageFailure` when the server refused this message but the connection is fine.
    private func send(_ message: MailMessage, over connection: SMTPConnection) async throws {
        let mailFrom = try await connection.command("MAIL FROM:<\(message.from.address)>")
        guard mailFrom.isPositive else {
            if mailFrom.isTransientFailure || mailFrom.isPermanentFailure {
                throw MessageFailure(outcome: .transient("MAIL FROM answered \(mailFrom)"))
            }
            throw SMTPError.unexpectedReply(command: "MAIL FROM", reply: mailFrom)
        }
        var refusals: [String] = []
        var transient = false
        for recipient in message.envelopeRecipients {
            let reply = try await connection.command("RCPT TO:<\(recipient)>")
            if reply.isPositive { continue }
            guard reply.isTransientFailure || reply.isPermanentFailure else {
                throw SMTPError.unexpectedReply(command: "RCPT TO", reply: reply)
            }
            transient = transient || reply.isTransientFailure
            refusals.append("RCPT TO:<\(recipient)> answered \(reply)")
        }
        // All-or-nothing: each outbox mail has one recipient, so a partial delivery cannot happen in practice.
        if !refusals.isEmpty {
            let reason = refusals.joined(separator: "; ")
            throw MessageFailure(outcome: transient ? .transient(reason) : .permanent(reason))
        }
        let data = try await connection.command("DATA")
        guard data.code == 354 else {
            if data.isTransientFailure || data.isPermanentFailure {
                throw MessageFailure(outcome: .transient("DATA answered \(data)"))
            }
            throw SMTPError.unexpectedReply(command: "DATA", reply: data)
        }
        try await connection.write(MIMEEncoding.smtpDataPayload(message.rendered()))
        // RFC 5321 §4.5.3.2.6 gives the server 10 minutes here; giving up early risks a duplicate, since the server may
        // still accept the message after we stopped waiting. Wait at least five minutes.
        let accepted = try await connection.reply(
            to: "end of data",
            timeout: max(connection.timeout, .minutes(5))
        )
        if accepted.isPositive { return }
        if accepted.isPermanentFailure { throw MessageFailure(outcome: .permanent("message refused: \(accepted)")) }
        if accepted.isTransientFailure { throw MessageFailure(outcome: .transient("message deferred: \(accepted)")) }
        throw SMTPError.unexpectedReply(command: "end of data", reply: accepted)
    }

    private func expect(_ code: Int, _ reply: SMTPReply, _ command: String) throws {
        guard reply.code == code else { throw SMTPError.unexpectedReply(command: command, reply: reply) }
    }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// A readable reason for `lastError`.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as SMTPError: error.description
        case let error as NIOSSLError: "TLS: \(error)"
        case let error as BoringSSLError: "TLS: \(error)"
        default: "\(error)"
        }
    }
}

/// A refusal of one message on a connection that is still usable.
private struct MessageFailure: Error {
    let outcome: DeliveryOutcome
}

/// The extensions an EHLO reply announced (RFC 5321 §4.1.1.1): one keyword per line after the first.
struct Capabilities: Sendable {
    private var keywords: [String: [String]] = [:]

    init() {}

    init(_ reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map { String($0).uppercased() }
            guard let keyword = words.first else { continue }
            keywords[keyword] = Array(words.dropFirst())
        }
    }

    func has(_ keyword: String) -> Bool { keywords[keyword] != nil }

    /// The mechanisms after `AUTH` (or in the old `AUTH=PLAIN LOGIN` form).
    var authMechanisms: [String] {
        var mechanisms = keywords["AUTH"] ?? []
        for (keyword, rest) in keywords where keyword.hasPrefix("AUTH=") {
            mechanisms += [String(keyword.dropFirst(5))] + rest
        }
        return mechanisms
    }
}

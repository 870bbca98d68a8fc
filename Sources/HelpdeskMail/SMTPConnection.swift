import NIOCore
import NIOPosix
import NIOSSL

/// One TCP (or TLS) connection to an SMTP server, speaking strictly one command, one reply (no pipelining).
/// Each wait for a reply is bounded by `timeout`; when it passes, the connection is closed.
struct SMTPConnection: Sendable {
    let channel: any Channel
    let timeout: TimeAmount
    /// Whether TLS is in place (implicit TLS, or after a successful STARTTLS).
    private(set) var isEncrypted: Bool

    /// Connects and adds the reply decoder, with TLS first when `tls` is given (implicit TLS).
    static func connect(
        host: String,
        port: Int,
        tls: NIOSSLContext?,
        timeout: TimeAmount,
        group: any EventLoopGroup
    ) async throws -> SMTPConnection {
        let serverHostname = Self.sniHostname(host)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        try sync.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                    }
                    try sync.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try sync.addHandler(SMTPReplyHandler())
                }
            }
        let channel = try await bootstrap.connect(host: host, port: port).get()
        return SMTPConnection(channel: channel, timeout: timeout, isEncrypted: tls != nil)
    }

    /// The next reply from the server (the greeting, or the answer to what was just sent).
    /// - Parameter command: names the command in a timeout error.
    /// - Parameter timeout: overrides the connection's timeout for this reply.
    func reply(to command: String, timeout: TimeAmount? = nil) async throws -> SMTPReply {
        let channel = self.channel
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let timeout = timeout ?? self.timeout
        channel.eventLoop.execute {
            do {
                try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self).nextReply(promise)
            } catch {
                promise.fail(SMTPError.connectionClosed)
                return
            }
            let deadline = channel.eventLoop.scheduleTask(in: timeout) {
                promise.fail(SMTPError.timeout(command: command))
                channel.close(promise: nil)
            }
            promise.futureResult.whenComplete { _ in deadline.cancel() }
        }
        return try await promise.futureResult.get()
    }

    /// Sends `line` followed by CRLF and waits for the reply.
    /// - Parameter logAs: what to call the command in errors (hides AUTH secrets).
    func command(_ line: String, logAs: String? = nil) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await reply(to: logAs ?? line)
    }

    /// Writes raw text (already CRLF-terminated).
    func write(_ text: String) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(string: text))
    }

    /// Puts TLS in front of the pipeline after the server said 220 to STARTTLS.
    mutating func startTLS(context: NIOSSLContext, host: String) async throws {
        let channel = self.channel
        let serverHostname = Self.sniHostname(host)
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
        isEncrypted = true
    }

    /// Closes the connection, ignoring errors (a TLS peer that just drops the socket is fine here).
    func close() async {
        try? await channel.close().get()
    }

    /// SNI needs a host name; an IP address literal is sent without it.
    private static func sniHostname(_ host: String) -> String? {
        let isIPv4 = host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
        return isIPv4 || host.contains(":") ? nil : host
    }
}

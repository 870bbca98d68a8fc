import NIOCore

/// A complete SMTP reply: a three-digit code and its text lines (RFC 5321 §4.2), multiline replies joined.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The reply code, e.g. 250.
    public var code: Int
    /// The text of each line, without the code and separator.
    public var lines: [String]

    /// 2xx: the command succeeded.
    public var isPositive: Bool { (200..<300).contains(code) }
    /// 3xx: go on (354 after DATA, 334 during AUTH).
    public var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: failed for now; trying later may work.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: failed for good.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// `250 first line / second line`.
    public var description: String { "\(code) \(lines.joined(separator: " / "))" }
}

/// Splits the server's byte stream into `SMTPReply` values: lines end in CRLF (a lone LF is accepted), `250-text`
/// continues a reply and `250 text` (or `250` alone) ends it.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// Longest reply line accepted (RFC 5321 §4.5.3.1.5 allows 512 octets; servers sometimes send more).
    static let maxLineLength = 4_096
    /// Most lines in one reply.
    static let maxLines = 256

    private var code: Int?
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLineLength { throw SMTPError.malformedReply("line too long") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex + 1
        guard length <= Self.maxLineLength + 2, var bytes = buffer.readBytes(length: length) else {
            throw SMTPError.malformedReply("line too long")
        }
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        let line = String(decoding: bytes, as: UTF8.self)
        let digits = line.utf8.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let code = Int(String(line.prefix(3))), (200..<600).contains(code)
        else { throw SMTPError.malformedReply(line) }
        let separator = line.utf8.dropFirst(3).first
        guard separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw SMTPError.malformedReply(line)
        }
        if let current = self.code, current != code { throw SMTPError.malformedReply(line) }
        self.code = code
        lines.append(String(line.dropFirst(4)))
        guard lines.count <= Self.maxLines else { throw SMTPError.malformedReply("too many lines") }
        if separator == UInt8(ascii: "-") { return .continue }
        let reply = SMTPReply(code: code, lines: lines)
        self.code = nil
        lines = []
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Hands each decoded reply to the oldest waiting request, or keeps it until one asks (the greeting arrives before
/// anyone waits). A connection error or close fails every waiter, present and future. Lives on the channel's event
/// loop only.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    private var waiters = CircularBuffer<EventLoopPromise<SMTPReply>>()
    private var ready = CircularBuffer<SMTPReply>()
    private var failure: (any Error)?

    /// Completes `promise` with the next reply.
    func nextReply(_ promise: EventLoopPromise<SMTPReply>) {
        if let reply = ready.popFirst() {
            promise.succeed(reply)
        } else if let failure {
            promise.fail(failure)
        } else {
            waiters.append(promise)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let waiter = waiters.popFirst() { waiter.succeed(reply) } else { ready.append(reply) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError.connectionClosed)
        context.fireChannelInactive()
    }

    private func fail(_ error: any Error) {
        if failure == nil { failure = error }
        while let waiter = waiters.popFirst() { waiter.fail(failure ?? error) }
    }
}

/// What went wrong in an SMTP conversation.
public enum SMTPError: Error, Sendable, CustomStringConvertible {
    /// The server answered a command with an unexpected code.
    case unexpectedReply(command: String, reply: SMTPReply)
    /// No reply within the configured time.
    case timeout(command: String)
    /// The server closed the connection.
    case connectionClosed
    /// The server sent something that is not an SMTP reply.
    case malformedReply(String)
    /// `starttls=required` but the server does not offer STARTTLS.
    case startTLSNotOffered
    /// Credentials are configured but the server offers no mechanism the client knows.
    case noAuthMechanism(offered: [String])
    /// Credentials would go over an unencrypted connection.
    case refusingPlaintextAuth

    /// A sentence for logs and for the outbox's `lastError`.
    public var description: String {
        switch self {
        case .unexpectedReply(let command, let reply): "\(command) answered \(reply)"
        case .timeout(let command): "no reply to \(command) in time"
        case .connectionClosed: "the server closed the connection"
        case .malformedReply(let line): "malformed SMTP reply: \(line.prefix(200))"
        case .startTLSNotOffered: "the server does not offer STARTTLS, which the configuration requires"
        case .noAuthMechanism(let offered):
            "the server offers no AUTH mechanism this client supports (offered: \(offered.joined(separator: " ")))"
        case .refusingPlaintextAuth:
            "refusing to send credentials without TLS; use starttls=required or smtps://, or starttls=never to allow it"
        }
    }
}

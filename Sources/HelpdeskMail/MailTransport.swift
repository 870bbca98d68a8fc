/// Delivers rendered messages: over SMTP (`SMTPMailTransport`) or into files (`FileMailTransport`).
public protocol MailTransport: Sendable {
    /// The sender written in `From` and used as the envelope sender.
    var sender: MailAddress { get }

    /// Delivers `messages` in order, over one connection where that applies, and reports each message's outcome as
    /// soon as it is known, before the next message is sent (so a caller can record "sent" right after the server
    /// accepted the message).
    ///
    /// A message that was not tried (the task was cancelled) gets no report. Never throws: connection-level problems
    /// are reported as `.transient` for every message they stop.
    /// - Parameters:
    ///   - messages: what to send.
    ///   - report: called once per message tried, with its outcome.
    func deliver(
        _ messages: [MailMessage],
        report: @Sendable (MailMessage, DeliveryOutcome) async -> Void
    ) async
}

/// What happened to one message.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The server accepted the message (250 after the final dot), or the file was written.
    case delivered
    /// It failed for now (4xx, connection trouble, timeouts): try again later.
    case transient(String)
    /// It can never succeed as it is (5xx for the recipient or the content): stop trying.
    case permanent(String)
}

import Foundation
import Logging

/// Writes each message as a complete RFC 5322 `.eml` file instead of sending it, for deployments without a mail
/// server and for browser tests that read confirmation links from the files.
///
/// Files are named after the outbox id (`42.eml`) and written atomically (a temporary file renamed into place), so a
/// reader never sees half a message. Writing the same mail again replaces its file.
public struct FileMailTransport: MailTransport {
    /// The folder the files go to, e.g. `<data folder>/outbox`.
    public let directory: URL
    /// The `From` of every message.
    public let sender: MailAddress
    private let logger: Logger

    /// The sender used when none is configured.
    public static var defaultSender: MailAddress {
        // A constant, valid address: the force-try cannot fail.
        try! MailAddress("no-reply@localhost", name: "Customer Care Registry")
    }

    /// Creates the transport; the folder is created on first delivery if needed.
    /// - Parameters:
    ///   - directory: where `.eml` files go.
    ///   - sender: the `From` address.
    ///   - logger: each file's path is logged at `info`.
    public init(
        directory: URL,
        sender: MailAddress = Self.defaultSender,
        logger: Logger = Logger(label: "HelpdeskMail")
    ) {
        self.directory = directory
        self.sender = sender
        self.logger = logger
    }

    /// The file a message goes to: `<outbox id>.eml`, or the message id when it has no outbox row.
    public func fileURL(for message: MailMessage) -> URL {
        let stem =
            message.outboxID.map { String($0) }
            ?? String(message.messageID.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" })
        return directory.appendingPathComponent("\(stem).eml")
    }

    /// Writes each message to its file and reports `.delivered`, or `.transient` when the file cannot be written.
    public func deliver(
        _ messages: [MailMessage],
        report: @Sendable (MailMessage, DeliveryOutcome) async -> Void
    ) async {
        for message in messages {
            if Task.isCancelled { return }
            let url = fileURL(for: message)
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(message.rendered().utf8).write(to: url, options: .atomic)
                logger.info(
                    "mail written to file",
                    metadata: ["path": "\(url.path)", "outboxId": "\(message.outboxID.map(String.init) ?? "-")"]
                )
                await report(message, .delivered)
            } catch {
                await report(message, .transient("writing \(url.path): \(error)"))
            }
        }
    }
}

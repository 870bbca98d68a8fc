import ArgumentParser
import Foundation
import HelpdeskCore
import HelpdeskMail

/// `care mail-in`: takes one mail from standard input into the helpdesk (an answer into its ticket, a customer's mail
/// to the support address as a new request), for the mail system's delivery to a program
/// (Postfix's `pipe`, procmail, fetchmail's `--mda`). The exit status follows `sysexits.h`, which mail systems read:
/// 0 taken (or a duplicate, or an automatic mail dropped), 65 a mail that cannot be read, is empty, or whose files
/// exceed the limits, 67 no ticket or sender to
/// take it for, 77 a reply the ticket refuses (closed, reopen window over), 75 the database unreachable (the mail
/// system tries again later). The reason goes to standard error, which mail systems put in the bounce.
struct MailInCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail-in",
        abstract: "Take a mail (one raw mail on standard input) into the helpdesk: an answer into its ticket, a customer's new request.",
        discussion: """
            Mails about a ticket ask to be answered at the --reply-address of care serve with +r<ticket>-<signature>; \
            the mail system delivers mail to that address to this command, e.g. in Postfix's master.cf:
              care unix - n n - - pipe flags=DRq user=care argv=/usr/local/bin/care mail-in --data /var/lib/care
            Exit status: 0 taken, 65 unreadable or empty mail or files over the limits, 67 no reply address, another \
            sender, an unknown account or staff, 77 refused by the ticket, 75 database unavailable (try again).
            """
    )

    @OptionGroup var store: DataFolderOptions

    @Option(name: .customLong("attachments"), help: "Folder of attached files, as for care serve (env CARE_ATTACHMENTS, default <data>/attachments).")
    var attachmentsOption: String? = ProcessInfo.processInfo.environment["CARE_ATTACHMENTS"].flatMap { $0.isEmpty ? nil : $0 }

    @Option(name: .customLong("attachment-max-file"), help: "Largest file, as for care serve (env CARE_ATTACHMENT_MAX_FILE, default 10M).")
    var maxFile: String = ProcessInfo.processInfo.environment["CARE_ATTACHMENT_MAX_FILE"] ?? "10M"

    @Option(name: .customLong("attachment-max-message"), help: "Most bytes of files on one message, as for care serve (env CARE_ATTACHMENT_MAX_MESSAGE, default 25M).")
    var maxMessage: String = ProcessInfo.processInfo.environment["CARE_ATTACHMENT_MAX_MESSAGE"] ?? "25M"

    @Option(name: .customLong("attachment-max-files"), help: "Most files on one message; 0 refuses mails with files (env CARE_ATTACHMENT_MAX_FILES, default 10).")
    var maxFiles: Int = Int(ProcessInfo.processInfo.environment["CARE_ATTACHMENT_MAX_FILES"] ?? "") ?? 10

    @Flag(
        name: .customLong("notify-admins-unassigned"), inversion: .prefixedNo,
        help: "Mail the admins about answers on tickets nobody holds, as care serve does (default on; env CARE_NOTIFY_ADMINS_UNASSIGNED=0 turns it off).")
    var notifyAdminsUnassigned = !["0", "false", "no"].contains(
        ProcessInfo.processInfo.environment["CARE_NOTIFY_ADMINS_UNASSIGNED"]?.lowercased() ?? "")

    /// The attachment store care serve uses, with its limits. Files are written readable by this user only: run the
    /// command as the user care serve runs as.
    func attachmentStore() throws -> AttachmentStore {
        guard let fileBytes = AttachmentLimits.byteCount(maxFile) else {
            throw ValidationError("--attachment-max-file: use bytes, or a number of K or M (e.g. 10M)")
        }
        guard let messageBytes = AttachmentLimits.byteCount(maxMessage) else {
            throw ValidationError("--attachment-max-message: use bytes, or a number of K or M (e.g. 25M)")
        }
        let limits = AttachmentLimits(maxFileBytes: fileBytes, maxMessageBytes: messageBytes, maxFiles: min(max(maxFiles, 0), 100))
        let folder = attachmentsOption ?? URL(fileURLWithPath: store.data).appendingPathComponent("attachments").path
        return AttachmentStore(folder: folder, limits: limits)
    }

    /// `sysexits.h`.
    enum Status {
        static let dataError: Int32 = 65
        static let noUser: Int32 = 67
        static let temporaryFailure: Int32 = 75
        static let noPermission: Int32 = 77
    }

    func run() async throws {
        let attachments = try attachmentStore()
        // A mail over the parser's limit is refused without reading it all into memory.
        var raw: [UInt8] = []
        while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 16), !chunk.isEmpty {
            raw += chunk
            if raw.count > InboundMessage.maximumBytes { return try fail(InboundMessageError.tooLarge(bytes: raw.count), status: Status.dataError) }
        }
        let database: AppDatabase
        do {
            database = try await store.open()
        } catch {
            throw ExitCode(Status.temporaryFailure)
        }
        do {
            switch try await MailIntake.receive(
                raw, into: database, attachments: attachments, notifyAdminsWhenUnassigned: notifyAdminsUnassigned)
            {
            case .added(let ticketId, let messageId): print("added to ticket #\(ticketId) as message \(messageId)")
            case .filed(let ticketId): print("filed as request #\(ticketId)")
            case .duplicate(let ticketId): print("already taken into ticket #\(ticketId)")
            case .ignoredAutomatic: print("an automatic mail: dropped")
            }
        } catch let error as InboundMessageError {
            try fail(error, status: Status.dataError)
        } catch let error as MailReplyRefusal {
            switch error {
            case .files, .emptyText: try fail(error, status: Status.dataError)
            case .tooManyRequests: try fail(error, status: Status.temporaryFailure)
            default: break
            }
            try fail(error, status: Status.noUser)
        } catch let error as HelpdeskError {
            try fail(error, status: Status.noPermission)
        } catch {
            try fail(error, status: Status.temporaryFailure)
        }
    }

    /// Prints `error` on standard error and exits with `status`.
    private func fail(_ error: any Error, status: Int32) throws {
        var standardError = FileHandleOutputStream.standardError
        print("mail-in: \(error)", to: &standardError)
        throw ExitCode(status)
    }
}

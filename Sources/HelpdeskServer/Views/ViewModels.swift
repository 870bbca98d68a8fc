import Foundation
import HelpdeskCore
import HelpdeskMail
import Hummingbird

/// Dictionaries that templates render; every value is plain data, escaped by `{{…}}`.
enum ViewModels {
    /// "1 result", "3 results" (`plural` when adding "s" is wrong).
    static func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }

    /// "25 Nov 2026, 13:30 UTC".
    static func date(_ date: Date?) -> String {
        guard let date else { return "" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "d MMM yyyy, HH:mm"
        return formatter.string(from: date) + " UTC"
    }

    /// A human label for a status.
    static func statusLabel(_ status: TicketStatus) -> String {
        switch status {
        case .new: "New"
        case .assigned: "Assigned"
        case .inProgress: "In progress"
        case .waitingOnCustomer: "Waiting on you"
        case .resolved: "Resolved"
        case .closed: "Closed"
        }
    }

    /// A staff-facing label for a status.
    static func staffStatusLabel(_ status: TicketStatus) -> String {
        status == .waitingOnCustomer ? "Waiting on customer" : statusLabel(status)
    }

    /// A staff-facing label for what the customer did last.
    static func customerActionLabel(_ action: CustomerAction) -> String {
        switch action {
        case .replied: "Customer replied"
        case .reopened: "Reopened"
        case .notSolved: "Not solved"
        }
    }

    /// A ticket row. Staff rows carry the customer's last action (`customerAction`, its label and time).
    static func ticket(_ ticket: Ticket, names: [Int64: String] = [:], categories: [String: String] = [:], staff: Bool = false)
        -> TicketRow
    {
        let now = Date()
        let breached = ticket.isFirstResponseBreached(at: now) || ticket.isResolutionBreached(at: now)
        let action = staff ? ticket.lastCustomerAction : nil
        return TicketRow(
            id: ticket.requiredID,
            subject: ticket.subject,
            description: ticket.description,
            status: ticket.status.rawValue,
            statusLabel: staff ? staffStatusLabel(ticket.status) : statusLabel(ticket.status),
            priority: ticket.priority.rawValue,
            category: ticket.categoryId.flatMap { categories[$0] } ?? "",
            createdAt: date(ticket.createdAt),
            updatedAt: date(ticket.updatedAt),
            resolutionDueAt: date(ticket.resolutionDueAt),
            breached: breached && ticket.status.isOpen,
            assignee: ticket.assigneeId.flatMap { names[$0] } ?? "",
            unassigned: ticket.assigneeId == nil,
            customer: names[ticket.customerId] ?? "",
            customerId: ticket.customerId,
            isOpen: ticket.status.isOpen,
            isResolved: ticket.status == .resolved,
            isClosed: ticket.status == .closed,
            customerAction: action?.rawValue ?? "",
            customerActionLabel: action.map(customerActionLabel) ?? "",
            customerActivityAt: action == nil ? "" : date(ticket.lastCustomerActivityAt))
    }

    /// A thread message.
    static func message(
        _ message: TicketMessage, names: [Int64: String], customerId: Int64, attachments: [Attachment] = [],
        byMail: Set<Int64> = []
    ) -> MessageRow {
        let author: String =
            switch message.kind {
            case .system: "System"
            default: message.authorId.flatMap { names[$0] } ?? "Support"
            }
        return MessageRow(
            author: author,
            body: message.body,
            at: date(message.createdAt),
            isInternal: message.kind == .internalNote,
            isSystem: message.kind == .system,
            fromCustomer: message.authorId == customerId,
            kind: message.kind.rawValue,
            attachments: Self.attachments(attachments, messageId: message.id),
            hasAttachments: attachments.contains { $0.messageId == message.id },
            byMail: message.id.map(byMail.contains) ?? false)
    }

    /// The files of one message (`messageId`), or of the request itself (nil): images as thumbnails, others as
    /// download links, each with its name and size.
    static func attachments(_ attachments: [Attachment], messageId: Int64?) -> [AttachmentRow] {
        attachments.filter { $0.messageId == messageId }.map { attachment in
            AttachmentRow(
                url: attachment.path, fileName: attachment.fileName, size: AttachmentLimits.describe(Int(attachment.size)),
                isImage: attachment.isImage)
        }
    }

    /// A solution with numbered steps.
    static func solution(_ solution: Solution, categories: [String: String] = [:]) -> SolutionRow {
        SolutionRow(
            id: solution.requiredID,
            title: solution.title,
            steps: steps(solution.steps),
            stepsText: solution.steps.joined(separator: "\n"),
            category: solution.categoryId.flatMap { categories[$0] } ?? "",
            categoryId: solution.categoryId ?? "",
            isPublished: solution.isPublished,
            isCurrent: !solution.isSuperseded,
            supersededById: solution.supersededById ?? 0,
            reuseCount: solution.reuseCount,
            solvedCount: solution.solvedCount,
            notSolvedCount: solution.notSolvedCount,
            updatedAt: date(solution.updatedAt))
    }

    /// Steps numbered from 1.
    static func steps(_ steps: [String]) -> [StepRow] {
        steps.enumerated().map { StepRow(number: $0.offset + 1, text: $0.element) }
    }

    /// Highlight segments as the HTML that `{{#segments}}{{#match}}<mark>{{text}}</mark>{{/match}}{{^match}}{{text}}
    /// {{/match}}{{/segments}}` renders, byte for byte, for a template to insert as it is (`{{{…}}}`): a page of
    /// results renders without a template section per segment (`GET /help` spent most of its time there). The text is
    /// escaped by the project's `escapeHTML`, which replaces the characters the template engine does.
    static func markedHTML(_ segments: [HighlightSegment]) -> String {
        var html = ""
        html.reserveCapacity(segments.reduce(0) { $0 + $1.text.utf8.count + 13 })
        for segment in segments {
            if segment.match { html += "<mark>" }
            html += escapeHTML(segment.text)
            if segment.match { html += "</mark>" }
        }
        return html
    }

    /// Options of a select, with the chosen one marked.
    static func options(_ pairs: [(String, String)], selected: String?) -> [OptionRow] {
        pairs.map { OptionRow(value: $0.0, label: $0.1, selected: $0.0 == (selected ?? "")) }
    }

    /// Priority options.
    static func priorities(selected: String?) -> [OptionRow] {
        options(TicketPriority.allCases.map { ($0.rawValue, $0.rawValue.capitalized) }, selected: selected ?? "normal")
    }
}

/// A 303 redirect (after a successful form post).
func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}

/// A local path to go back to after sign-in (`next`); anything else becomes `/`. See `LocalPath.isSafe(_:)`.
func safeNext(_ raw: String?) -> String {
    guard let raw, LocalPath.isSafe(raw) else { return "/" }
    return raw
}

/// Which redirect targets are paths on this origin, after the normalisation a browser applies to a `Location`.
enum LocalPath {
    /// The longest target kept, in bytes.
    static let maxLength = 2_000

    /// Whether `raw` is a path on this origin, safe to send as `Location`.
    ///
    /// It must be printable ASCII, start with a single `/` and hold no backslash: browsers drop tabs and line breaks
    /// anywhere, strip leading spaces and controls, and read `\` as `/`, so `/\t/evil.example` or `/\\evil.example`
    /// would lead to another site. Whatever it decodes to (percent-decoding, up to three times) must still start with
    /// a single `/` followed by no slash, backslash, space or control, and hold no control character or backslash:
    /// `/%2F%2Fevil.example`, `/%5Cevil.example`, `/%09/…` and `/%0d%0a…` are refused, since a proxy or another page
    /// may decode them once more. Absolute URLs (`https:`, `javascript:`) do not start with `/`.
    /// - Complexity: O(n) in the length of `raw`, which is at most `maxLength`.
    static func isSafe(_ raw: String) -> Bool {
        let bytes = Array(raw.utf8)
        guard bytes.count <= maxLength, startsWithOneSlash(bytes) else { return false }
        // Printable ASCII only (no space, no control, no DEL, nothing a header or a browser would rewrite).
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else { return false }
        var text = raw
        for _ in 0..<3 {
            guard text.contains("%") else { break }
            guard let decoded = text.removingPercentEncoding else { return false }
            let decodedBytes = Array(decoded.utf8)
            guard startsWithOneSlash(decodedBytes),
                !decodedBytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") })
            else { return false }
            if decoded == text { break }
            text = decoded
        }
        return true
    }

    /// `/` followed by nothing, or by a byte that is not `/`, `\`, a space or a control.
    private static func startsWithOneSlash(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == UInt8(ascii: "/") else { return false }
        guard bytes.count > 1 else { return true }
        let second = bytes[1]
        return second != UInt8(ascii: "/") && second != UInt8(ascii: "\\") && second > 0x20 && second != 0x7F
    }
}

extension AppServices {
    /// Category names by id.
    func categoryNames() async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await database.categories().map { ($0.id, $0.name) })
    }

    /// Category options for a select, with an empty "choose" entry.
    func categoryOptions(selected: String?) async throws -> [OptionRow] {
        let categories = try await database.categories()
        return ViewModels.options([("", "Not sure")] + categories.map { ($0.id, $0.name) }, selected: selected)
    }
}

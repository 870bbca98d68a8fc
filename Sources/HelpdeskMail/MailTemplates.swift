import HelpdeskCore

/// A mail's subject and bodies, ready to be put into a `MailMessage`.
public struct RenderedMail: Sendable, Hashable {
    /// The subject line.
    public var subject: String
    /// The plain-text body.
    public var text: String
    /// The HTML body.
    public var html: String
    /// The absolute links the mail offers, in order (the main action first).
    public var links: [String]
}

/// Renders outbox mails into text and HTML.
///
/// The core writes each outbox row in the same transaction as the change it reports, with the subject, a plain-text
/// body (a snapshot: names, the reply, the solution, as they were then) and a payload of link paths and ids. The
/// templates keep that text, make every link absolute with the configured base URL, and add a heading and action
/// buttons per kind. Every value goes through `escapeHTML` before it reaches the HTML.
public struct MailTemplates: Sendable {
    /// Prefix of every link, e.g. `https://help.example.com` (a trailing `/` is dropped).
    public let baseURL: String
    /// The prefix the core put in front of the paths in its text bodies (`HelpdeskConfiguration.baseURL`, often empty).
    public let coreBaseURL: String
    /// The product name shown in headers and footers.
    public let productName: String

    /// Creates the templates.
    public init(baseURL: String, coreBaseURL: String = "", productName: String = "Customer Care Registry") {
        self.baseURL = Self.trimmingSlash(baseURL)
        self.coreBaseURL = coreBaseURL
        self.productName = productName
    }

    /// A button in the HTML part.
    struct Action {
        let label: String
        let path: String
        let primary: Bool
    }

    /// The heading and buttons of one kind of mail.
    struct Layout {
        let heading: String
        let actions: [Action]
        let note: String?
    }

    /// The heading, buttons and note for `mail`'s kind, from its payload.
    func layout(for mail: OutboxMail) -> Layout {
        let values = mail.payloadValues
        let path = values["path"] ?? "/"
        let ticket = values["ticketId"].map { "#\($0)" } ?? ""
        func action(_ label: String, _ path: String?, primary: Bool = true) -> [Action] {
            path.map { [Action(label: label, path: $0, primary: primary)] } ?? []
        }
        switch mail.kind {
        case .confirmEmail:
            return Layout(
                heading: "Confirm your e-mail address",
                actions: action("Confirm my address", path),
                note: "The link works once, within 24 hours. If you did not create an account, ignore this mail."
            )
        case .registrationAttempt:
            return Layout(
                heading: "Someone tried to register with your address",
                actions: action("Reset my password", path),
                note: "If it wasn't you, you can ignore this mail; your account is unchanged."
            )
        case .passwordReset:
            return Layout(
                heading: "Reset your password",
                actions: action("Choose a new password", path),
                note: "The link works once, for one hour. If you did not ask for it, ignore this mail."
            )
        case .agentInvitation:
            return Layout(
                heading: "Welcome to the support team",
                actions: action("Choose my password", path),
                note: "The link works once, within 7 days."
            )
        case .ticketReceived:
            return Layout(
                heading: "We received your request \(ticket)",
                actions: action("Follow my request", path),
                note: nil
            )
        case .ticketAssignedCustomer:
            return Layout(
                heading: "Your request \(ticket) has an agent",
                actions: action("View my request", path),
                note: nil
            )
        case .ticketAssignedAgent:
            return Layout(
                heading: "Ticket \(ticket) is assigned to you",
                actions: action("Open ticket \(ticket)", path),
                note: nil
            )
        case .agentReplied:
            return Layout(
                heading: "New reply on your request \(ticket)",
                actions: action("Read and answer", path),
                note: nil
            )
        case .ticketResolved:
            return Layout(
                heading: "Your request \(ticket) is resolved",
                actions: action("Yes, it is solved", values["solvedPath"])
                    + action("No, I still need help", values["notSolvedPath"], primary: false)
                    + action("View my request", path, primary: false),
                note: "Your answer helps us improve our solutions."
            )
        case .ticketMerged:
            let source = values["sourceTicketId"].map { "#\($0)" } ?? "Your request"
            return Layout(
                heading: "\(source) was merged into \(ticket)",
                actions: action("Continue the conversation", path),
                note: nil
            )
        case .identityLinked:
            let provider = values["providerTitle"] ?? "A sign-in provider"
            return Layout(
                heading: "\(provider) sign-in was linked to your account",
                actions: action("Reset my password", path),
                note: "If it was you, you can ignore this mail."
            )
        case .customerReplied:
            return Layout(
                heading: "The customer replied on \(ticket)",
                actions: action("Open ticket \(ticket)", path),
                note: nil
            )
        case .ticketReopened:
            return Layout(
                heading: "The customer reopened \(ticket)",
                actions: action("Open ticket \(ticket)", path),
                note: nil
            )
        case .verdictNotSolved:
            return Layout(
                heading: "Not solved: the customer answered on \(ticket)",
                actions: action("Open ticket \(ticket)", path),
                note: nil
            )
        case .slaWarning:
            let deadline = values["deadline"] ?? "deadline"
            let due = values["dueAt"].map { " due \($0)" } ?? ""
            return Layout(
                heading: "SLA warning for \(ticket): \(deadline)\(due)",
                actions: action("Open ticket \(ticket)", path),
                note: nil
            )
        }
    }

    /// Renders `mail`: the core's text with absolute links, and an HTML version with a heading and buttons.
    /// - Parameter replyMarker: the mail takes answers by e-mail: its text and HTML start with `ReplyText.marker`,
    ///   above which the answer goes.
    public func render(_ mail: OutboxMail, replyMarker: Bool = false) -> RenderedMail {
        let layout = layout(for: mail)
        let actionURLs = layout.actions.map { absolute($0.path) }
        // Paths from the payload, as the core wrote them into the text, mapped to their absolute URLs.
        var known: [String: String] = [:]
        for action in layout.actions {
            known[coreBaseURL + action.path] = absolute(action.path)
            known[absolute(action.path)] = absolute(action.path)
            // A mail written by a command-line tool (`care agent create`), whose core had no base URL.
            known[action.path] = absolute(action.path)
        }
        // The files of the message the mail is about, listed in its text by the core.
        let attachmentPaths = (mail.payloadValues[AppDatabase.attachmentPathsKey] ?? "").split(separator: " ").map(String.init)
        for path in attachmentPaths where path.hasPrefix("/") {
            known[coreBaseURL + path] = absolute(path)
            known[absolute(path)] = absolute(path)
            known[path] = absolute(path)
        }
        let text =
            (replyMarker ? ReplyText.marker + "\n\n" : "")
            + rewriteLinks(in: mail.body, known: known)
            + "\n\n-- \n\(productName)\n\(baseURL.isEmpty ? "" : baseURL + "/")"
        var links = actionURLs
        for url in known.values.sorted() where !links.contains(url) { links.append(url) }
        return RenderedMail(
            subject: mail.subject,
            text: text,
            html: html(mail, layout: layout, known: known, replyMarker: replyMarker),
            links: links
        )
    }

    // MARK: - Text

    /// `baseURL + path` (a path that already is a URL is kept).
    func absolute(_ path: String) -> String {
        if path.hasPrefix("http://") || path.hasPrefix("https://") { return path }
        return baseURL + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// Replaces each whitespace-separated word of `body` that is a known link with its absolute URL. Word by word, so
    /// that `/tickets/5` never rewrites the inside of `/tickets/5/verdict?…`.
    func rewriteLinks(in body: String, known: [String: String]) -> String {
        mapWords(body) { word in known[word] ?? word }
    }

    private func mapWords(_ text: String, _ transform: (String) -> String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: " ", omittingEmptySubsequences: false).map { transform(String($0)) }
                .joined(separator: " ")
        }.joined(separator: "\n")
    }

    // MARK: - HTML

    private func html(_ mail: OutboxMail, layout: Layout, known: [String: String], replyMarker: Bool) -> String {
        let paragraphs = mail.body.split(separator: "\n\n", omittingEmptySubsequences: true).map { paragraph in
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                // A quoted line (`> …`) is someone else's words, e.g. a customer's reply: shown as text, never as links.
                let quoted = line.hasPrefix(">")
                return line.split(separator: " ", omittingEmptySubsequences: false).map { word in
                    let word = String(word)
                    if quoted { return escapeHTML(word) }
                    if let url = known[word] {
                        return "<a href=\"\(escapeHTML(url))\" style=\"color:#1f5fbf\">\(escapeHTML(url))</a>"
                    }
                    if word.hasPrefix("https://") || word.hasPrefix("http://") {
                        return "<a href=\"\(escapeHTML(word))\" style=\"color:#1f5fbf\">\(escapeHTML(word))</a>"
                    }
                    return escapeHTML(word)
                }.joined(separator: " ")
            }
            return "<p style=\"margin:0 0 16px\">\(lines.joined(separator: "<br>\n"))</p>"
        }
        let buttons = layout.actions.map { action in
            let colors = action.primary ? "background:#1f5fbf;color:#ffffff" : "background:#e8edf5;color:#1f3b66"
            return """
                <a href="\(escapeHTML(absolute(action.path)))" style="display:inline-block;\(colors);\
                padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600;margin:0 8px 8px 0">\
                \(escapeHTML(action.label))</a>
                """
        }
        let note =
            layout.note.map { "<p style=\"margin:16px 0 0;color:#5b6472;font-size:13px\">\(escapeHTML($0))</p>" } ?? ""
        let home =
            baseURL.isEmpty
            ? escapeHTML(productName)
            : "<a href=\"\(escapeHTML(baseURL + "/"))\" style=\"color:#5b6472\">\(escapeHTML(productName))</a>"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escapeHTML(mail.subject))</title>
            </head>
            <body style="margin:0;padding:0;background:#f4f6f9;\
            font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1d2430">
            <div style="max-width:600px;margin:0 auto;padding:24px">
            \(replyMarker ? "<p style=\"color:#5b6472;font-size:12px;margin:0 0 8px\">\(escapeHTML(ReplyText.marker))</p>" : "")
            <div style="background:#ffffff;border-radius:8px;padding:24px;border:1px solid #dde3ec">
            <h1 style="font-size:20px;margin:0 0 16px">\(escapeHTML(layout.heading))</h1>
            \(paragraphs.joined(separator: "\n"))
            <div style="margin:24px 0 0">\(buttons.joined(separator: "\n"))</div>
            \(note)
            </div>
            <p style="text-align:center;color:#5b6472;font-size:12px;margin:16px 0 0">\(home)</p>
            </div>
            </body>
            </html>
            """
    }

    private static func trimmingSlash(_ url: String) -> String {
        var url = url.trimmingWhitespace()
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, safe in element content and quoted attributes
/// (HTML and XML, e.g. the reports' SVG).
public func escapeHTML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}

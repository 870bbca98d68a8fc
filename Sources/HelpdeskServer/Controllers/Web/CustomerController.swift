import Foundation
import HelpdeskCore
import Hummingbird

/// The customer's side: file a complaint (with suggestions while typing), list one's tickets, follow one, reply,
/// judge the solution, reopen or close.
struct CustomerController: Sendable {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// Adds the routes.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tickets/new", use: newPage)
        group.post("tickets", use: create)
        group.get("tickets", use: list)
        group.get("tickets/:id", use: show)
        group.post("tickets/:id/reply", use: reply)
        group.post("tickets/:id/verdict", use: verdict)
        group.post("tickets/:id/reopen", use: reopen)
        group.post("tickets/:id/close", use: close)
    }

    func requireCustomer(_ context: AppRequestContext) throws -> User {
        let user = try context.requireUser()
        guard user.role == .customer else {
            throw HelpdeskError.forbidden("Complaints are filed by customers; staff work from the agent console.")
        }
        return user
    }

    func newForm(
        _ context: AppRequestContext,
        typed: NewRequestPage.Typed = NewRequestPage.Typed(),
        error: HelpdeskError? = nil
    ) async throws -> HTML {
        let model = NewRequestPage(
            subject: typed.subject,
            description: typed.description,
            categories: try await services.categoryOptions(selected: typed.categoryId),
            priorities: ViewModels.priorities(selected: typed.priority),
            acceptsFiles: services.attachments.limits.maxFiles > 0,
            maxFiles: services.attachments.limits.maxFiles,
            maxFileSize: AttachmentLimits.describe(services.attachments.limits.maxFileBytes),
            error: error?.message,
            errors: error.flatMap { error in error.field.map { [$0: error.message] } })
        let chrome = services.pageChrome(context, title: "New request", form: true)
        return try services.views.render("ticket-new", Page(chrome: chrome, model: model), status: error?.status ?? .ok)
    }

    @Sendable func newPage(_ request: Request, context: AppRequestContext) async throws -> HTML {
        _ = try requireCustomer(context)
        return try await newForm(context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try requireCustomer(context)
        let f = context.form
        let priorityName = f["priority"].flatMap { $0.isEmpty ? nil : $0 } ?? "normal"
        let typed = NewRequestPage.Typed(
            subject: f.string("subject"), description: f.string("description"), categoryId: f.string("categoryId"),
            priority: priorityName)
        do {
            if let problem = context.uploads.problem { throw problem }
            guard let priority = TicketPriority(rawValue: priorityName) else {
                throw HelpdeskError.invalidInput(field: "priority", message: "Choose a priority from the list.")
            }
            let files = try await services.commitUploads(context.uploads.files)
            let ticket = try await database.createTicket(
                by: user,
                subject: f.string("subject"),
                description: f.string("description"),
                categoryId: f["categoryId"].flatMap { $0.isEmpty ? nil : $0 },
                priority: priority,
                attachments: files
            )
            context.setFlash("Thank you. We received your request #\(ticket.requiredID) and will answer soon.")
            return redirect("/tickets/\(ticket.requiredID)")
        } catch let error as HelpdeskError {
            return try await newForm(context, typed: typed, error: error).response(from: request, context: context)
        }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        if user.role.isStaff { return redirect("/agent") }
        let page = try await database.tickets(TicketQuery(pageSize: 100), for: user)
        let categories = try await services.categoryNames()
        let model = RequestListPage(
            tickets: page.tickets.map { ViewModels.ticket($0, categories: categories) }, total: page.total,
            hasTickets: !page.tickets.isEmpty)
        return try services.views.render("tickets", Page(chrome: services.pageChrome(context, title: "My requests"), model: model))
            .response(from: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request, context: context)
    }

    /// The ticket page; after a refused reply, with the error and the words typed.
    func page(
        _ request: Request,
        context: AppRequestContext,
        reply: String? = nil,
        error: HelpdeskError? = nil
    ) async throws -> Response {
        let user = try context.requireUser()
        let id = try TicketsAPIController.ticketId(context)
        let detail = try await database.ticketDetail(id: id, for: user)
        if user.role.isStaff { return redirect("/agent/tickets/\(id)") }
        let categories = try await services.categoryNames()
        let ticket = detail.ticket
        let chrome = services.pageChrome(context, title: "#\(id) \(ticket.subject)")
        // The buttons from the same rules the writes enforce (a resolved request reopens within the window only).
        let actions = database.actions(for: user, on: ticket)
        let model = CustomerTicketPage(
            // A refused action's notice goes beside the actions, not at the top.
            actionNotice: chrome.flashRefused == true,
            ticket: ViewModels.ticket(ticket, names: detail.names, categories: categories),
            messages: detail.messages.map {
                ViewModels.message(
                    $0, names: detail.names, customerId: ticket.customerId, attachments: detail.attachments,
                    byMail: detail.messagesByMail)
            },
            attachments: ViewModels.attachments(detail.attachments, messageId: nil),
            hasAttachments: detail.attachments.contains { $0.messageId == nil },
            filedByMail: detail.filedByMail,
            acceptsFiles: services.attachments.limits.maxFiles > 0,
            maxFiles: services.attachments.limits.maxFiles,
            maxFileSize: AttachmentLimits.describe(services.attachments.limits.maxFileBytes),
            reply: reply,
            replyError: error?.message,
            solution: detail.solutions.last.map { ViewModels.solution($0, categories: categories) },
            askVerdict: ticket.status == .resolved && detail.verdict == nil,
            verdictSolved: detail.verdict == .solved,
            verdictNotSolved: detail.verdict == .notSolved,
            canReply: actions.reply,
            canReopen: actions.reopen,
            canClose: actions.close && ticket.status != .resolved,
            reopenExpired: ticket.status == .resolved && !actions.reopen)
        return try services.views.render("ticket", Page(chrome: chrome, model: model), status: error?.status ?? .ok)
            .response(from: request, context: context)
    }

    @Sendable func reply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try TicketsAPIController.ticketId(context)
        _ = try await database.ticket(id: id, for: user)
        // Refused files: the page again, with the reason beside the form and the words typed.
        if let problem = context.uploads.problem {
            return try await page(request, context: context, reply: context.form.string("body"), error: problem)
        }
        let files = try await services.commitUploads(context.uploads.files)
        do {
            try await database.reply(
                to: id, by: user, body: context.form.string("body"),
                notifyAdminsWhenUnassigned: services.notifyAdminsWhenUnassigned, attachments: files)
        } catch let error as HelpdeskError where error.isInvalidInput {
            // An empty or too long message: the page again, the reason beside the form, nothing typed lost.
            return try await page(request, context: context, reply: context.form.string("body"), error: error)
        }
        context.setFlash("Your message was sent.")
        return redirect("/tickets/\(id)")
    }

    @Sendable func verdict(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try TicketsAPIController.ticketId(context)
        _ = try await database.ticket(id: id, for: user)
        guard let verdict = Verdict(rawValue: context.form.string("verdict")) else {
            throw HelpdeskError.invalidInput(field: "verdict", message: "Answer solved or notSolved.")
        }
        let back = "/tickets/\(id)"
        return try await services.ticketAction(.verdict(verdict), ticketId: id, by: user, back: back, context: context) {
            try await database.recordVerdict(
                ticketId: id, by: user, verdict, notifyAdminsWhenUnassigned: services.notifyAdminsWhenUnassigned)
            context.setFlash(
                verdict == .solved
                    ? "Thank you! We closed the request." : "Sorry it did not help. We reopened the request and will look again."
            )
            return redirect(back)
        }
    }

    @Sendable func reopen(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try TicketsAPIController.ticketId(context)
        let ticket = try await database.ticket(id: id, for: user)
        let target: TicketStatus = ticket.assigneeId == nil ? .new : .assigned
        let back = "/tickets/\(id)"
        return try await services.ticketAction(.reopen, ticketId: id, by: user, back: back, context: context) {
            try await database.changeStatus(
                ticketId: id, to: target, by: user, notifyAdminsWhenUnassigned: services.notifyAdminsWhenUnassigned)
            context.setFlash("The request is open again.")
            return redirect(back)
        }
    }

    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = try TicketsAPIController.ticketId(context)
        _ = try await database.ticket(id: id, for: user)
        let back = "/tickets/\(id)"
        return try await services.ticketAction(.close, ticketId: id, by: user, back: back, context: context) {
            try await database.changeStatus(ticketId: id, to: .closed, by: user)
            context.setFlash("The request is closed.")
            return redirect(back)
        }
    }
}

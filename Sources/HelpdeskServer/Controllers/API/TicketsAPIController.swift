import Foundation
import HelpdeskCore
import Hummingbird

/// Tickets: `/api/v1/tickets…`. Every route reads the ticket through the core's visibility rule first, so a ticket
/// the caller may not see answers 404 whatever the route.
struct TicketsAPIController: Sendable {
    let services: AppServices
    var database: AppDatabase { services.database }

    struct CreateBody: Decodable {
        var subject: String
        var description: String
        var categoryId: String?
        /// Accepted as another name for `categoryId`.
        var category: String?
        var priority: TicketPriority?

        /// The fields of a multipart form, checked like the JSON ones.
        init(form: FormData) throws {
            subject = try APIForm.required(form, "subject")
            description = try APIForm.required(form, "description")
            categoryId = form["categoryId"]
            category = form["category"]
            priority = try form["priority"].flatMap { $0.isEmpty ? nil : $0 }.map { raw in
                guard let priority = TicketPriority(rawValue: raw) else {
                    throw ServerError.badRequest(field: "priority", message: "This value is not valid.")
                }
                return priority
            }
        }
    }

    struct MessageBody: Decodable {
        var body: String
        var `internal`: Bool?

        /// The fields of a multipart form, checked like the JSON ones (`internal` is true, false, on, 1 or 0).
        init(form: FormData) throws {
            body = try APIForm.required(form, "body")
            switch form["internal"]?.lowercased() {
            case nil, "": `internal` = nil
            case "true", "on", "1": `internal` = true
            case "false", "off", "0": `internal` = false
            default: throw ServerError.badRequest(field: "internal", message: "Expected true or false.")
            }
        }
    }

    struct DuplicatesBody: Decodable {
        var subject: String?
        var description: String?
        /// The ticket the text is from, when it is already filed: left out of the answer.
        var ticketId: Int64?
    }

    struct AssignBody: Decodable {
        var agentId: Int64?
        var auto: Bool?
    }

    struct DraftBody: Decodable {
        var title: String
        var steps: [String]
        var categoryId: String?
        var isPublished: Bool?
    }

    struct ResolveBody: Decodable {
        var solutionId: Int64?
        var solution: DraftBody?
        /// With `solutionId` alone: the stored solution's text adapted to this customer, sent instead of it.
        var text: String?
    }

    /// Adds the routes.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tickets", use: list)
        group.post("tickets", use: create)
        group.post("tickets/duplicates", use: duplicates)
        group.get("tickets/:id", use: show)
        group.post("tickets/:id/messages", use: addMessage)
        group.post("tickets/:id/assign", use: assign)
        group.post("tickets/:id/resolve", use: resolve)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> TicketListResponse {
        let user = try context.requireUser()
        let parameters = request.query
        var query = TicketQuery()
        if let raw = parameters["status"] {
            let statuses = try raw.split(separator: ",").map { name in
                guard let status = TicketStatus(rawValue: String(name)) else {
                    throw HelpdeskError.invalidInput(field: "status", message: "Unknown status \"\(name)\".")
                }
                return status
            }
            query.statuses = statuses
        }
        if let raw = parameters["assignee"] {
            switch raw {
            case "none": query.assignee = .unassigned
            case "me": query.assignee = .user(user.requiredID)
            default:
                guard let id = Int64(raw) else {
                    throw HelpdeskError.invalidInput(field: "assignee", message: "Use none, me or an agent id.")
                }
                query.assignee = .user(id)
            }
        }
        query.breachedOnly = parameters["breached"] == "true"
        query.page = try RequestNumber.integer(parameters["page"], field: "page", in: 1...RequestNumber.maximumPage) ?? 1
        query.pageSize = try RequestNumber.integer(parameters["pageSize"], field: "pageSize", in: 1...TicketQuery.maximumPageSize) ?? 25
        let page = try await database.tickets(query, for: user)
        let now = Date()
        return TicketListResponse(
            tickets: page.tickets.map { TicketResponse($0, now: now) },
            total: page.total,
            page: page.page,
            pageSize: page.pageSize
        )
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<TicketResponse> {
        let user = try context.requireUser()
        let form = try await APIForm.read(request, store: services.attachments)
        defer { if let form { services.attachments.discard(form.files) } }
        let body: CreateBody
        if let form { body = try CreateBody(form: form.fields) } else { body = try await request.decodeJSON(CreateBody.self, context: context) }
        let files = try await services.commitUploads(form?.files ?? [])
        let ticket = try await database.createTicket(
            by: user,
            subject: body.subject,
            description: body.description,
            categoryId: (body.categoryId ?? body.category).flatMap { $0.isEmpty ? nil : $0 },
            priority: body.priority ?? .normal,
            attachments: files
        )
        return EditedResponse(
            status: .created,
            headers: [.location: "/api/v1/tickets/\(ticket.requiredID)"],
            response: TicketResponse(ticket)
        )
    }

    /// The open tickets the caller may see that look like the same problem as a request being written: for a customer
    /// their own only, for staff everyone's (`HelpdeskIndex.possibleDuplicates`). Asked while typing, so limited like
    /// suggestions.
    @Sendable func duplicates(_ request: Request, context: AppRequestContext) async throws -> DuplicateListResponse {
        let user = try context.requireUser()
        if let retry = services.suggestionLimiter.take("user:\(user.requiredID)") { throw ServerError.rateLimited(retryAfter: retry) }
        let body = try await request.decodeJSON(DuplicatesBody.self, context: context)
        let subject = body.subject ?? ""
        let description = body.description ?? ""
        guard subject.count <= 200 else {
            throw HelpdeskError.invalidInput(field: "subject", message: "Use at most 200 characters.")
        }
        guard description.count <= 20_000 else {
            throw HelpdeskError.invalidInput(field: "description", message: "Use at most 20000 characters.")
        }
        let matches = try await services.index.possibleDuplicates(
            subject: subject, description: description, excluding: body.ticketId, for: user, in: database)
        let now = Date()
        return DuplicateListResponse(duplicates: matches.map {
            DuplicateResponse(ticket: TicketResponse($0.ticket, now: now), strength: ($0.strength * 1000).rounded() / 1000)
        })
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> TicketDetailResponse {
        let user = try context.requireUser()
        let id = try Self.ticketId(context)
        let detail = try await database.ticketDetail(id: id, for: user)
        return TicketDetailResponse(
            ticket: TicketResponse(detail.ticket),
            messages: detail.messages.map { MessageResponse($0, names: detail.names, attachments: detail.attachments) },
            solutions: detail.solutions.map(SolutionResponse.init),
            verdict: detail.verdict?.rawValue,
            attachments: detail.attachments.filter { $0.messageId == nil }.map(AttachmentResponse.init)
        )
    }

    @Sendable func addMessage(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<MessageResponse> {
        let user = try context.requireUser()
        let id = try Self.ticketId(context)
        _ = try await database.ticket(id: id, for: user)
        let form = try await APIForm.read(request, store: services.attachments)
        defer { if let form { services.attachments.discard(form.files) } }
        let body: MessageBody
        if let form { body = try MessageBody(form: form.fields) } else { body = try await request.decodeJSON(MessageBody.self, context: context) }
        let files = try await services.commitUploads(form?.files ?? [])
        let message = try await database.reply(
            to: id, by: user, body: body.body, internalNote: body.internal ?? false,
            notifyAdminsWhenUnassigned: services.notifyAdminsWhenUnassigned, attachments: files)
        let attachments = try await database.ticketDetail(id: id, for: user).attachments
        return EditedResponse(
            status: .created,
            response: MessageResponse(message, names: [user.requiredID: user.name], attachments: attachments))
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> TicketResponse {
        let user = try context.requireUser()
        let id = try Self.ticketId(context)
        _ = try await database.ticket(id: id, for: user)
        let body = try await request.decodeJSON(AssignBody.self, context: context)
        if body.auto == true {
            let assignment = try await services.autoAssign(ticketId: id, by: user)
            var response = TicketResponse(assignment.ticket)
            response.routing = RoutingResponse(assignment)
            return response
        }
        guard let agentId = body.agentId else {
            throw HelpdeskError.invalidInput(field: "agentId", message: "Give an agent id, or \"auto\": true.")
        }
        return TicketResponse(try await database.assign(ticketId: id, to: agentId, by: user))
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> ResolutionResponse {
        let user = try context.requireUser()
        let id = try Self.ticketId(context)
        _ = try await database.ticket(id: id, for: user)
        let body = try await request.decodeJSON(ResolveBody.self, context: context)
        let choice: SolutionChoice
        if body.text != nil, body.solutionId == nil || body.solution != nil {
            throw HelpdeskError.invalidInput(
                field: "text", message: "An adapted text goes with a stored solution's solutionId, without a new solution.")
        }
        switch (body.solutionId, body.solution) {
        case (let solutionId?, nil):
            choice = body.text.map { .adapted(id: solutionId, text: $0) } ?? .existing(id: solutionId)
        case (nil, let draft?):
            choice = .new(
                SolutionDraft(
                    title: draft.title,
                    steps: draft.steps,
                    categoryId: draft.categoryId,
                    isPublished: draft.isPublished ?? true
                )
            )
        case (let solutionId?, let draft?):
            choice = .revised(
                id: solutionId,
                SolutionDraft(
                    title: draft.title,
                    steps: draft.steps,
                    categoryId: draft.categoryId,
                    isPublished: draft.isPublished ?? true
                )
            )
        case (nil, nil):
            throw HelpdeskError.invalidInput(field: "solution", message: "Give a solutionId or a new solution.")
        }
        let (ticket, solution) = try await database.resolve(ticketId: id, by: user, with: choice)
        return ResolutionResponse(ticket: TicketResponse(ticket), solution: SolutionResponse(solution))
    }

    /// A multipart body of the API: its text fields and staged files (nil for a JSON body).
    struct APIForm {
        var fields: FormData
        var files: [StagedAttachment]

        /// Reads a multipart body; refused files end the request (413 or 422 naming the field and the file).
        static func read(_ request: Request, store: AttachmentStore) async throws -> APIForm? {
            guard MultipartForm.isMultipart(request) else { return nil }
            let (fields, uploads) = try await MultipartForm.read(request, store: store)
            if let problem = uploads.problem {
                store.discard(uploads.files)
                throw problem
            }
            return APIForm(fields: fields, files: uploads.files)
        }

        /// A required text field, as the JSON decoder would refuse its absence.
        static func required(_ form: FormData, _ name: String) throws -> String {
            guard let value = form[name] else { throw ServerError.badRequest(field: name, message: "\(name) is required.") }
            return value
        }
    }

    /// The `:id` path parameter; a malformed id is a ticket that does not exist.
    static func ticketId(_ context: AppRequestContext) throws -> Int64 {
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
            throw HelpdeskError.notFound(entity: "ticket", id: context.parameters.get("id") ?? "")
        }
        return id
    }
}

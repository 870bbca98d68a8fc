import Foundation
import HelpdeskCore
import HelpdeskMail
import Hummingbird

/// `POST /api/v1/inbound-mail`: a mail system (or a relay beside it) hands over one raw mail (`message/rfc822`, the
/// body as received) answering a ticket's mail, with `Authorization: Bearer <--inbound-mail-token>`. The same intake
/// as `care mail-in` (`MailIntake`), for installations where the mail system cannot run the binary (containers).
///
/// Answers: 200 `{"outcome": "added" | "duplicate" | "ignored", "ticketId": …}`; 401 without the token; 400 for a mail
/// that cannot be read; 422 naming `to`, `from`, `text` or `attachments` for one that cannot be taken (the mail system bounces it
/// with the message); the reply's own refusals as on the API (409 for a closed ticket); 413 over 10 MiB. Without a
/// token configured the route answers 404, as a route that does not exist.
struct InboundMailController: Sendable {
    let services: AppServices

    /// The route's answer.
    struct Outcome: ResponseEncodable, Sendable {
        /// `added` (an answer), `filed` (a new request), `duplicate` or `ignored` (an automatic mail).
        var outcome: String
        var ticketId: Int64?
        var messageId: Int64?
    }

    /// Adds the route (outside the JSON API group: its body is a mail, not JSON).
    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("api/v1/inbound-mail", use: receive)
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Outcome {
        guard let token = services.inboundMailToken else { throw ServerError.notFound }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
            services.tokenMatches(header.dropFirst(7).trimmingCharacters(in: .whitespaces), token)
        else { throw ServerError.unauthorized }
        return try await services.limits.mailIntake.run { try await take(request) }
    }

    /// Reads the mail and takes it in.
    private func take(_ request: Request) async throws -> Outcome {
        var request = request
        let body = try await request.collectBody(upTo: InboundMessage.maximumBytes)
        do {
            switch try await MailIntake.receive(
                Array(body.readableBytesView), into: services.database, attachments: services.attachments,
                notifyAdminsWhenUnassigned: services.notifyAdminsWhenUnassigned)
            {
            case .added(let ticketId, let messageId): return Outcome(outcome: "added", ticketId: ticketId, messageId: messageId)
            case .filed(let ticketId): return Outcome(outcome: "filed", ticketId: ticketId)
            case .duplicate(let ticketId): return Outcome(outcome: "duplicate", ticketId: ticketId)
            case .ignoredAutomatic: return Outcome(outcome: "ignored")
            }
        } catch let error as InboundMessageError {
            throw ServerError.badRequest(field: nil, message: "The mail cannot be read: \(error).")
        } catch MailReplyRefusal.tooManyRequests {
            throw ServerError.rateLimited(retryAfter: 3_600)
        } catch let refusal as MailReplyRefusal {
            let field =
                switch refusal {
                case .noReplyAddress: "to"
                case .notFromRecipient, .unknownSender: "from"
                case .emptyText: "text"
                case .files: "attachments"
                case .tooManyRequests: "from"
                }
            throw HelpdeskError.invalidInput(field: field, message: refusal.description)
        }
    }
}

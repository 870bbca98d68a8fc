import Foundation
import HelpdeskCore
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

/// What a browser session remembers between requests; stored through `DatabasePersistDriver`.
public struct WebSession: Codable, Sendable, Equatable {
    /// The signed-in user, nil for an anonymous visitor who only needed a CSRF token.
    public var userId: Int64?
    /// The per-session CSRF token every HTML form must echo back.
    public var csrfToken: String
    /// A one-shot notice shown on the next page ("Check your inbox").
    public var flash: String?
    /// Whether `flash` says why an action was refused (a conflict, a step the workflow does not allow): the ticket
    /// pages show it beside their actions instead of at the top. Nil in sessions stored before it existed.
    public var flashRefused: Bool?
    /// A sign-in started with an OpenID Connect provider, until the provider sends the browser back.
    public var pendingSignIn: PendingSignIn?

    /// Creates a session.
    public init(userId: Int64? = nil, csrfToken: String, flash: String? = nil) {
        self.userId = userId
        self.csrfToken = csrfToken
        self.flash = flash
    }
}

/// The request context of every route: the session, the signed-in user (`identity`) and the client address.
public struct AppRequestContext: AuthRequestContext, SessionRequestContext, RequestContext {
    /// Hummingbird's own per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The signed-in user, set by `AuthenticationMiddleware`.
    public var identity: User?
    /// How the identity was established (session cookie or bearer token): CSRF only applies to cookies.
    public var authenticatedByToken: Bool
    /// The browser session.
    public let sessions: SessionContext<WebSession>
    /// The parsed form of an unsafe HTML request, filled by `CSRFMiddleware` after the token check.
    public var form: FormData
    /// The files of a `multipart/form-data` page form, staged by `CSRFMiddleware` (which drops those not committed).
    public var uploads: UploadedFiles
    /// The peer's address.
    public let remoteAddress: SocketAddress?
    /// The client's address (the peer, or behind a trusted proxy the client it forwarded for), set by
    /// `ClientAddressMiddleware`; nil for in-process requests.
    public var clientAddress: String?

    /// Creates the context for a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.authenticatedByToken = false
        self.sessions = .init()
        self.form = FormData()
        self.uploads = UploadedFiles()
        self.remoteAddress = source.channel.remoteAddress
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Request bodies above 1 MiB are refused with 413.
    public var maxUploadSize: Int { 1 << 20 }

    /// JSON with ISO-8601 dates.
    public var responseEncoder: JSONEncoder { APIJSON.encoder }

    /// JSON with ISO-8601 dates.
    public var requestDecoder: JSONDecoder { APIJSON.decoder }

    /// The key rate limits group a client by: its IPv4 address, or the /64 network of its IPv6 address (one
    /// machine commonly holds a whole /64).
    var clientKey: String { clientAddress.map(ClientAddress.limitKey) ?? "local" }
}

/// The JSON coders of the API.
enum APIJSON {
    /// ISO-8601 dates, sorted keys (stable output for clients and tests).
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// ISO-8601 dates.
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

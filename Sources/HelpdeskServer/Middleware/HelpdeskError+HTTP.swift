import Foundation
import HelpdeskCore
import Hummingbird
import NIOCore

/// The body of every API error: `{"error": {"code", "message", "field"}}`.
struct APIErrorBody: Codable, Sendable {
    /// The error object.
    struct Detail: Codable, Sendable {
        /// A stable machine-readable code (`invalidInput`, `notFound`, `unconfirmed`, …).
        var code: String
        /// A sentence safe to show to the user.
        var message: String
        /// The input at fault, when there is one.
        var field: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
            try container.encode(field, forKey: .field)  // always present, null when absent
        }
    }

    /// The error object.
    var error: Detail

    /// Encodes this body as a JSON response with `status`.
    func response(status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        let data = (try? APIJSON.encoder.encode(self)) ?? Data(#"{"error":{"code":"internal","message":"error"}}"#.utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// An error that knows its HTTP status, JSON code, message and field.
protocol DescribedHTTPError: Error {
    /// The HTTP status.
    var status: HTTPResponse.Status { get }
    /// The JSON `code`.
    var code: String { get }
    /// The human-readable message.
    var message: String { get }
    /// The offending input, if any.
    var field: String? { get }
    /// Extra response headers (Retry-After).
    var extraHeaders: HTTPFields { get }
}

extension DescribedHTTPError {
    var extraHeaders: HTTPFields { [:] }

    /// The JSON error response.
    func errorResponse() -> Response {
        APIErrorBody(error: .init(code: code, message: message, field: field)).response(status: status, headers: extraHeaders)
    }
}

extension HelpdeskError: HTTPResponseError {
    /// The JSON error response: `{"error": {"code", "message", "field"}}`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        errorResponse()
    }
}

extension ServerError: HTTPResponseError {
    /// The JSON error response.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        errorResponse()
    }
}

extension HelpdeskError: DescribedHTTPError {
    /// The HTTP status of each domain refusal.
    public var status: HTTPResponse.Status {
        switch self {
        case .invalidInput: .unprocessableContent
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .conflict, .invalidTransition: .conflict
        case .invalidCredentials: .unauthorized
        case .unconfirmedAccount: .forbidden
        case .invalidToken: .badRequest
        case .tooLarge: .contentTooLarge
        }
    }

    var code: String {
        switch self {
        case .invalidInput: "invalidInput"
        case .notFound: "notFound"
        case .forbidden: "forbidden"
        case .conflict: "conflict"
        case .invalidTransition: "invalidTransition"
        case .invalidCredentials: "invalidCredentials"
        case .unconfirmedAccount: "unconfirmed"
        case .invalidToken: "invalidToken"
        case .tooLarge: "payloadTooLarge"
        }
    }

    var message: String {
        switch self {
        case .invalidInput(_, let message), .tooLarge(_, let message): message
        case .notFound(let entity, _): "This \(entity) does not exist."
        default: description
        }
    }

    var field: String? {
        switch self {
        case .invalidInput(let field, _), .tooLarge(let field, _): field
        default: nil
        }
    }
}

/// Refusals of the web layer itself (authentication, CSRF, rate limits, malformed requests).
enum ServerError: DescribedHTTPError, Equatable {
    /// No session and no API token.
    case unauthorized
    /// An unsafe form post without the session's CSRF token.
    case csrf
    /// Too many requests; try again after the given number of seconds.
    case rateLimited(retryAfter: Int)
    /// The server has too much of this work queued already; try again after the given number of seconds.
    case busy(retryAfter: Int)
    /// The request body could not be read as the expected JSON or form.
    case badRequest(field: String?, message: String)
    /// The body is larger than allowed.
    case payloadTooLarge
    /// An API write that is not JSON.
    case unsupportedMediaType
    /// No such route or page.
    case notFound
    /// The wrong method for an existing path.
    case methodNotAllowed
    /// Something went wrong on our side.
    case `internal`
    /// The database cannot be reached for the moment.
    case storeUnavailable

    var status: HTTPResponse.Status {
        switch self {
        case .unauthorized: .unauthorized
        case .csrf: .forbidden
        case .rateLimited: .tooManyRequests
        case .busy: .serviceUnavailable
        case .badRequest: .badRequest
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .internal: .internalServerError
        case .storeUnavailable: .serviceUnavailable
        }
    }

    var code: String {
        switch self {
        case .unauthorized: "unauthorized"
        case .csrf: "csrf"
        case .rateLimited: "rateLimited"
        case .busy: "busy"
        case .badRequest: "badRequest"
        case .payloadTooLarge: "payloadTooLarge"
        case .unsupportedMediaType: "unsupportedMediaType"
        case .notFound: "notFound"
        case .methodNotAllowed: "methodNotAllowed"
        case .internal: "internal"
        case .storeUnavailable: "storeUnavailable"
        }
    }

    var message: String {
        switch self {
        case .unauthorized: "Sign in first."
        case .csrf: "This form has expired. Go back, reload the page and try again."
        case .rateLimited(let seconds): "Too many requests. Try again in \(Self.seconds(seconds))."
        case .busy(let seconds): "The server is busy. Try again in \(Self.seconds(seconds))."
        case .badRequest(_, let message): message
        case .payloadTooLarge: "The request is too large (at most 1 MiB)."
        case .unsupportedMediaType: "Send the request body as application/json."
        case .notFound: "There is nothing at this address."
        case .methodNotAllowed: "This address does not accept this method."
        case .internal: "Something went wrong on our side. Please try again."
        case .storeUnavailable: "The database cannot be reached right now. Try again in a few seconds."
        }
    }

    var field: String? {
        if case .badRequest(let field, _) = self { return field }
        return nil
    }

    var extraHeaders: HTTPFields {
        switch self {
        case .rateLimited(let seconds), .busy(let seconds): return [.retryAfter: "\(seconds)"]
        case .storeUnavailable: return [.retryAfter: "5"]
        default: return [:]
        }
    }

    /// "1 second", "30 seconds".
    static func seconds(_ count: Int) -> String { count == 1 ? "1 second" : "\(count) seconds" }

    /// Maps any error to a described one: domain errors stay, framework and decoding errors are translated.
    static func describe(_ error: any Error) -> any DescribedHTTPError {
        switch error {
        case let error as HelpdeskError: return error
        case let error as ServerError: return error
        case is StoreUnavailable: return ServerError.storeUnavailable
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge: return ServerError.payloadTooLarge
            case .notFound: return ServerError.notFound
            case .methodNotAllowed: return ServerError.methodNotAllowed
            case .unauthorized: return ServerError.unauthorized
            case .unsupportedMediaType: return ServerError.unsupportedMediaType
            case .badRequest: return ServerError.badRequest(field: nil, message: error.body ?? "The request is malformed.")
            default:
                return error.status.code < 500
                    ? ServerError.badRequest(field: nil, message: error.body ?? "The request is malformed.")
                    : ServerError.internal
            }
        case let error as DecodingError:
            return describe(decoding: error)
        case is NIOTooManyBytesError:
            return ServerError.payloadTooLarge
        default:
            return ServerError.internal
        }
    }

    /// A 400 naming the JSON field that could not be decoded.
    static func describe(decoding error: DecodingError) -> ServerError {
        func path(_ keys: [any CodingKey]) -> String? {
            let names = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? nil : names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key]) ?? key.stringValue
            return .badRequest(field: field, message: "\(field) is required.")
        case .valueNotFound(_, let context):
            return .badRequest(field: path(context.codingPath), message: "A value is required.")
        case .typeMismatch(let type, let context):
            return .badRequest(field: path(context.codingPath), message: "Expected \(Self.jsonTypeName(type)).")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .badRequest(field: nil, message: "The body is not valid JSON.") }
            return .badRequest(field: path(context.codingPath), message: "This value is not valid.")
        @unknown default:
            return .badRequest(field: nil, message: "The body is not valid JSON.")
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        default: "another type"
        }
    }
}

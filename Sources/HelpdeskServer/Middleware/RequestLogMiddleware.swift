import Foundation
import Hummingbird
import Logging

/// Logs one line per request once it is answered: method, path and query, status and duration, with the values of
/// secret query parameters replaced by `REDACTED`.
///
/// Mail links carry one-time tokens in their query (`/confirm?token=…`, `/reset-password?token=…`, verdict links) and
/// an OpenID Connect callback carries `code` and `state`; Hummingbird's `LogRequestsMiddleware` logs the whole URI, so
/// whoever reads the logs could use them. A parameter is secret when its name is `code` or `state`, or ends in
/// `token` (`token`, `access_token`, `id_token`, …), in any letter case. The redaction works on the bytes of the
/// target (no regular expression) and returns the target itself when nothing is secret, so most requests allocate
/// nothing for it.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The level of the request lines.
    let logLevel: Logger.Level

    /// The replacement of a secret value.
    static var redaction: String { "REDACTED" }

    /// Creates the middleware.
    /// - Parameter logLevel: the level of the request lines (`.info` in production).
    init(_ logLevel: Logger.Level) {
        self.logLevel = logLevel
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.logger.logLevel <= logLevel else { return try await next(request, context) }
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status.code, duration: ContinuousClock.now - start, logger: context.logger)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, status: status, duration: ContinuousClock.now - start, logger: context.logger)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, duration: Duration, logger: Logger) {
        logger.log(
            level: logLevel,
            "Request",
            metadata: [
                "hb.request.method": .string(request.method.rawValue),
                "hb.request.path": .string(Self.shortened(Self.redacted(request.uri.string))),
                "hb.response.status": .stringConvertible(status),
                "hb.request.duration": .stringConvertible(duration),
            ]
        )
    }

    /// Longest target a log line carries; a longer one (a pasted text in `?q=`) is cut, saying how long it was.
    static var maximumLoggedTarget: Int { 512 }

    /// `target` cut to `maximumLoggedTarget` bytes (a character cut in two becomes U+FFFD), with its full length.
    static func shortened(_ target: String) -> String {
        guard target.utf8.count > maximumLoggedTarget else { return target }
        return String(decoding: target.utf8.prefix(maximumLoggedTarget), as: UTF8.self) + "…(\(target.utf8.count) bytes)"
    }

    // MARK: - Redaction

    /// `target` (a path with an optional query) with the value of every secret query parameter replaced by
    /// `REDACTED`: `/confirm?token=abc&x=1` becomes `/confirm?token=REDACTED&x=1`.
    /// - Returns: `target` itself when it has no secret parameter.
    /// - Complexity: O(n) in the length of `target`; allocates only when something is replaced.
    static func redacted(_ target: String) -> String {
        guard let mark = target.firstIndex(of: "?") else { return target }
        let query = target[target.index(after: mark)...]
        var secret = false
        forEachParameter(in: query) { name, value in
            if value != nil, isSecret(name) { secret = true }
        }
        guard secret else { return target }
        var result = String(target[...mark])
        result.reserveCapacity(target.utf8.count)
        var first = true
        forEachParameter(in: query) { name, value in
            if !first { result += "&" }
            first = false
            result += name
            guard let value else { return }
            result += "="
            if isSecret(name) { result += redaction } else { result += value }
        }
        return result
    }

    /// Calls `body` with the name and value (nil without `=`) of each `&`-separated parameter of `query`, in order.
    private static func forEachParameter(in query: Substring, _ body: (Substring, Substring?) -> Void) {
        var start = query.startIndex
        while true {
            let end = query[start...].firstIndex(of: "&") ?? query.endIndex
            let parameter = query[start..<end]
            if let equals = parameter.firstIndex(of: "=") {
                body(parameter[..<equals], parameter[parameter.index(after: equals)...])
            } else {
                body(parameter, nil)
            }
            guard end < query.endIndex else { return }
            start = query.index(after: end)
        }
    }

    /// Whether a parameter of this name holds a secret: `code`, `state`, or a name ending in `token`, in any case and
    /// also when percent-encoded (decoded once, as the router does).
    static func isSecret(_ name: Substring) -> Bool {
        if name.utf8.contains(UInt8(ascii: "%")) {
            guard let decoded = name.removingPercentEncoding else { return false }
            return isSecretName(Substring(decoded).utf8)
        }
        return isSecretName(name.utf8)
    }

    private static func isSecretName(_ name: Substring.UTF8View) -> Bool {
        matches(name, "code", wholeName: true) || matches(name, "state", wholeName: true) || matches(name, "token", wholeName: false)
    }

    /// Whether `name` is `word` (or ends with it, unless `wholeName`), ignoring ASCII case; `word` is lower-case letters.
    private static func matches(_ name: Substring.UTF8View, _ word: StaticString, wholeName: Bool) -> Bool {
        let count = word.utf8CodeUnitCount
        guard wholeName ? name.count == count : name.count >= count else { return false }
        let letters = UnsafeBufferPointer(start: word.utf8Start, count: count)
        return zip(name.suffix(count), letters).allSatisfy { $0 | 0x20 == $1 }
    }
}

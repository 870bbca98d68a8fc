import Foundation

/// How to reach the SMTP server, parsed from one URL:
/// `smtp://user:pass@host:port?starttls=required&from=Help%20Desk%20%3Chelp%40example.com%3E`.
///
/// - `smtp://` connects in plain text and upgrades with STARTTLS according to `starttls`. The default is `required`,
///   except for a server on this machine (`localhost`, `127.0.0.0/8`, `::1`), where it is `opportunistic`; a remote
///   server without TLS needs an explicit `starttls=opportunistic` or `starttls=never`. `smtps://` uses TLS from the
///   first byte (implicit TLS, usually port 465).
/// - User and password are percent-decoded; AUTH PLAIN or LOGIN is used when they are given. Credentials are never
///   sent over an unencrypted connection unless `starttls=never` says so explicitly.
/// - Query parameters: `from` (required; `Name <address>` or `address`), `starttls` (`required`, `opportunistic`,
///   `never`), `helo` (the name to greet with), `timeout` (seconds per command, default 30), `cafile` (a PEM file of
///   certificates to trust instead of the system roots, e.g. for a private CA), `auth` (`plain` or `login` to force a
///   mechanism).
public struct SMTPConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// When to use TLS on an `smtp://` connection.
    public enum StartTLSMode: String, Sendable, Hashable, CaseIterable {
        /// Refuse to send unless the server offers STARTTLS and the upgrade succeeds.
        case required
        /// Upgrade when the server offers STARTTLS, otherwise go on in plain text.
        case opportunistic
        /// Never upgrade.
        case never
    }

    /// The TLS mode of the connection.
    public enum Security: Sendable, Hashable {
        /// Plain TCP, upgraded with STARTTLS according to the mode.
        case startTLS(StartTLSMode)
        /// TLS from the start (`smtps://`).
        case implicitTLS

        /// Whether TLS must be in place before anything is sent.
        var requiresTLS: Bool {
            switch self {
            case .startTLS(.required), .implicitTLS: true
            case .startTLS: false
            }
        }
    }

    /// A SASL mechanism the client can use.
    public enum AuthMechanism: String, Sendable, Hashable, CaseIterable {
        /// `AUTH PLAIN` (RFC 4616).
        case plain = "PLAIN"
        /// `AUTH LOGIN`.
        case login = "LOGIN"
    }

    /// The server's host name or IP address.
    public var host: String
    /// The server's port (25 for `smtp://`, 465 for `smtps://` unless given).
    public var port: Int
    /// TLS mode.
    public var security: Security
    /// User name for AUTH, if any.
    public var username: String?
    /// Password for AUTH, if any.
    public var password: String?
    /// The sender: `From` header and envelope sender.
    public var from: MailAddress
    /// The name sent with EHLO/HELO.
    public var heloName: String
    /// How long to wait for the connection and for each reply.
    public var timeout: Duration
    /// A PEM file with the certificates to trust instead of the system's roots.
    public var caFile: String?
    /// A mechanism to use instead of choosing from what the server offers.
    public var authMechanism: AuthMechanism?

    /// Creates a configuration from its parts.
    /// - Parameter security: the TLS mode; nil chooses the default for `host` (`defaultSecurity(forHost:)`).
    public init(
        host: String,
        port: Int,
        security: Security? = nil,
        username: String? = nil,
        password: String? = nil,
        from: MailAddress,
        heloName: String = "localhost",
        timeout: Duration = .seconds(30),
        caFile: String? = nil,
        authMechanism: AuthMechanism? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security ?? Self.defaultSecurity(forHost: host)
        self.username = username
        self.password = password
        self.from = from
        self.heloName = heloName
        self.timeout = timeout
        self.caFile = caFile
        self.authMechanism = authMechanism
    }

    /// Parses an `smtp://` or `smtps://` URL (see the type's documentation).
    /// - Throws: `SMTPConfigurationError` naming the part of the URL that is wrong.
    public init(url text: String) throws(SMTPConfigurationError) {
        guard let components = URLComponents(string: text.trimmingWhitespace()) else { throw .invalidURL }
        let scheme = components.scheme?.lowercased() ?? ""
        switch scheme {
        case "smtp": security = .startTLS(.required)  // decided below, once the host is known
        case "smtps": security = .implicitTLS
        case "": throw .unsupportedScheme("(none)")
        default: throw .unsupportedScheme(scheme)
        }
        var host = components.percentEncodedHost?.removingPercentEncoding ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw .missingHost }
        self.host = host
        if scheme == "smtp" { security = Self.defaultSecurity(forHost: host) }
        if let port = components.port {
            guard (1...65_535).contains(port) else { throw .invalidPort(String(port)) }
            self.port = port
        } else {
            port = scheme == "smtps" ? 465 : 25
        }
        username = try Self.decode(components.percentEncodedUser, part: "user name")
        password = try Self.decode(components.percentEncodedPassword, part: "password")
        if username?.isEmpty == true { username = nil }
        if password != nil && username == nil { throw .invalidCredentials("a password without a user name") }
        guard components.path.isEmpty || components.path == "/" else {
            throw .invalidParameter(name: "path", value: components.path, reason: "an SMTP URL has no path")
        }

        var from: MailAddress?
        heloName = ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName
        timeout = .seconds(30)
        caFile = nil
        authMechanism = nil
        var seen = Set<String>()
        for item in components.percentEncodedQueryItems ?? [] {
            let name = item.name.lowercased()
            guard seen.insert(name).inserted else {
                throw .invalidParameter(name: name, value: item.value ?? "", reason: "it is given twice")
            }
            let value = try Self.decode(item.value, part: "parameter \(name)") ?? ""
            switch name {
            case "from":
                do { from = try MailAddress(parsing: value) } catch {
                    throw .invalidParameter(name: "from", value: value, reason: error.description)
                }
            case "starttls":
                guard let mode = StartTLSMode(rawValue: value.lowercased()) else {
                    throw .invalidParameter(
                        name: "starttls",
                        value: value,
                        reason: "use required, opportunistic or never"
                    )
                }
                guard scheme == "smtp" else {
                    throw .invalidParameter(
                        name: "starttls",
                        value: value,
                        reason: "smtps:// always uses TLS; use smtp:// for STARTTLS"
                    )
                }
                security = .startTLS(mode)
            case "helo":
                guard !value.isEmpty, value.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
                    throw .invalidParameter(name: "helo", value: value, reason: "a host name without spaces is needed")
                }
                heloName = value
            case "timeout":
                guard let seconds = Double(value), seconds > 0, seconds <= 3_600 else {
                    throw .invalidParameter(name: "timeout", value: value, reason: "seconds between 0 and 3600")
                }
                timeout = .milliseconds(Int64(seconds * 1_000))
            case "cafile":
                guard !value.isEmpty, FileManager.default.isReadableFile(atPath: value) else {
                    throw .invalidParameter(name: "cafile", value: value, reason: "no readable file there")
                }
                caFile = value
            case "auth":
                guard let mechanism = AuthMechanism(rawValue: value.uppercased()) else {
                    throw .invalidParameter(name: "auth", value: value, reason: "use plain or login")
                }
                authMechanism = mechanism
            default:
                throw .unknownParameter(item.name)
            }
        }
        guard let from else { throw .missingFrom }
        self.from = from
    }

    /// The URL's form with the password hidden, for logs.
    public var description: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let user = username.map { "\($0)\(password == nil ? "" : ":***")@" } ?? ""
        var text = "\(scheme)://\(user)\(host.contains(":") ? "[\(host)]" : host):\(port)"
        if case .startTLS(let mode) = security { text += " starttls=\(mode.rawValue)" }
        return text + " from=\(from)"
    }

    /// The STARTTLS mode an `smtp://` URL gets without a `starttls` parameter: `opportunistic` for a server on this
    /// machine (the loopback interface never leaves the host), `required` for any other.
    public static func defaultSecurity(forHost host: String) -> Security {
        isLoopback(host) ? .startTLS(.opportunistic) : .startTLS(.required)
    }

    /// Whether `host` names this machine's loopback interface: `localhost`, an IPv4 address in `127.0.0.0/8`, or
    /// the IPv6 address `::1` (in any spelling). Other names are not resolved: they count as remote.
    public static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" { return true }
        if let octets = ipv4Octets(name) { return octets[0] == 127 }
        if let groups = ipv6Groups(name) { return groups.dropLast().allSatisfy { $0 == 0 } && groups.last == 1 }
        return false
    }

    /// The four octets of a dotted-decimal IPv4 address, or nil.
    private static func ipv4Octets(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let octet = UInt8(part) else { return nil }
            octets.append(octet)
        }
        return octets
    }

    /// The eight 16-bit groups of an IPv6 address (with at most one `::`, no zone, no embedded IPv4), or nil.
    private static func ipv6Groups(_ text: String) -> [UInt16]? {
        guard text.contains(":") else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var values: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit), let value = UInt16(group, radix: 16)
                else { return nil }
                values.append(value)
            }
            return values
        }
        let halves = text.components(separatedBy: "::")
        switch halves.count {
        case 1:
            guard let all = groups(Substring(text)), all.count == 8 else { return nil }
            return all
        case 2:
            guard let head = groups(Substring(halves[0])), let tail = groups(Substring(halves[1])), head.count + tail.count < 8
            else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        default:
            return nil
        }
    }

    private static func decode(_ encoded: String?, part: String) throws(SMTPConfigurationError) -> String? {
        guard let encoded else { return nil }
        guard let decoded = encoded.removingPercentEncoding else { throw .badPercentEncoding(part) }
        return decoded
    }
}

/// Why an SMTP URL was refused; each case names the bad part.
public enum SMTPConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not a URL at all.
    case invalidURL
    /// The scheme is not `smtp` or `smtps`.
    case unsupportedScheme(String)
    /// No host after `//`.
    case missingHost
    /// The port is not 1…65535.
    case invalidPort(String)
    /// A part has a broken `%` escape.
    case badPercentEncoding(String)
    /// User name and password do not go together.
    case invalidCredentials(String)
    /// A query parameter has a bad value.
    case invalidParameter(name: String, value: String, reason: String)
    /// A query parameter the configuration does not know.
    case unknownParameter(String)
    /// No `from` parameter.
    case missingFrom

    /// A sentence naming the bad part of the URL.
    public var description: String {
        switch self {
        case .invalidURL: "SMTP URL: not a URL; expected smtp://user:password@host:port?from=…"
        case .unsupportedScheme(let scheme): "SMTP URL: scheme \(scheme) is not supported; use smtp:// or smtps://"
        case .missingHost: "SMTP URL: the host is missing"
        case .invalidPort(let port): "SMTP URL: port \(port) is not between 1 and 65535"
        case .badPercentEncoding(let part): "SMTP URL: the \(part) has an invalid %-escape"
        case .invalidCredentials(let reason): "SMTP URL: credentials: \(reason)"
        case .invalidParameter(let name, let value, let reason):
            "SMTP URL: parameter \(name)=\(name == "path" ? value : value.debugDescription) is invalid: \(reason)"
        case .unknownParameter(let name):
            "SMTP URL: unknown parameter \(name); known: from, starttls, helo, timeout, cafile, auth"
        case .missingFrom:
            "SMTP URL: the from parameter is missing, e.g. ?from=Help%20Desk%20%3Chelp%40example.com%3E"
        }
    }
}

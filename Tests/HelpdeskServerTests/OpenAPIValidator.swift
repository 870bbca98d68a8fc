import Foundation
import Synchronization
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HelpdeskServer

/// Checks API responses against `Resources/openapi.json`: the operation must exist, document the status code,
/// and the JSON body must match the schema of that response.
///
/// Supports the subset of JSON Schema the document uses: `$ref`, `type` (a name or an array of names, for
/// nullable values), `properties`, `required`, `additionalProperties: false`, `items`, `enum`.
struct OpenAPIValidator: Sendable {
    /// The document, as parsed JSON (immutable after loading).
    private let document: JSONValue
    /// Operations (`"get /api/v1/tickets/{id}"`) this validator has seen a response for.
    let seen = SeenOperations()

    final class SeenOperations: Sendable {
        let operations = Mutex<Set<String>>([])
    }

    /// Every operation the document declares.
    var documentedOperations: Set<String> {
        guard case .object(let paths) = document["paths"] ?? .null else { return [] }
        var result: Set<String> = []
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for method in methods.keys { result.insert("\(method) \(path)") }
        }
        return result
    }

    static func load() throws -> OpenAPIValidator {
        let buffer = try Views.openAPIDocument()
        return OpenAPIValidator(document: try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer)))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Validates one response; throws a `Failure` naming the path in the body that does not match.
    func validate(method: HTTPRequest.Method, uri: String, response: TestResponse) throws {
        let path = String(uri.split(separator: "?", maxSplits: 1)[0])
        guard let (template, item) = matchPath(path) else {
            // Unknown API paths must answer the documented error shape.
            try validateBody(response, schema: .object(["$ref": .string("#/components/schemas/Error")]), where: "\(uri)")
            #expect(response.status == .notFound || response.status == .methodNotAllowed, "undocumented path \(uri)")
            return
        }
        guard let operation = item[method.rawValue.lowercased()] else {
            try validateBody(response, schema: .object(["$ref": .string("#/components/schemas/Error")]), where: "\(uri)")
            #expect(response.status == .notFound || response.status == .methodNotAllowed, "undocumented method \(method) \(template)")
            return
        }
        seen.operations.withLock { _ = $0.insert("\(method.rawValue.lowercased()) \(template)") }
        let code = "\(response.status.code)"
        guard let responses = operation["responses"],
            let documented = responses[code] ?? responses["\(code.prefix(1))XX"] ?? responses["default"]
        else {
            throw Failure(description: "\(method) \(template): status \(code) is not documented")
        }
        guard let schema = documented["content"]?["application/json"]?["schema"] else {
            if response.body.readableBytes > 0, response.headers[.contentType]?.hasPrefix("application/json") == true {
                throw Failure(description: "\(method) \(template) \(code): documented without a body but returned one")
            }
            return
        }
        try validateBody(response, schema: schema, where: "\(method) \(template) \(code)")
    }

    private func validateBody(_ response: TestResponse, schema: JSONValue, where location: String) throws {
        guard response.headers[.contentType]?.hasPrefix("application/json") == true else {
            throw Failure(description: "\(location): content type is \(response.headers[.contentType] ?? "missing"), not JSON")
        }
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
        try check(value, against: schema, at: "$", in: location)
    }

    /// The path template (`/api/v1/tickets/{id}`) matching a concrete path.
    private func matchPath(_ path: String) -> (String, JSONValue)? {
        guard case .object(let paths) = document["paths"] ?? .null else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        // As OpenAPI says, a concrete path wins over a templated one (`/tickets/duplicates` over `/tickets/{id}`):
        // of the templates that match, the one with the fewest parameters.
        var best: (template: String, item: JSONValue, parameters: Int)?
        for (template, item) in paths {
            let templateParts = template.split(separator: "/", omittingEmptySubsequences: true)
            guard templateParts.count == parts.count else { continue }
            let matches = zip(templateParts, parts).allSatisfy { t, p in t.hasPrefix("{") || t == p }
            let parameters = templateParts.filter { $0.hasPrefix("{") }.count
            if matches, parameters < best?.parameters ?? Int.max { best = (template, item, parameters) }
        }
        return best.map { ($0.template, $0.item) }
    }

    private func resolve(_ schema: JSONValue) throws -> JSONValue {
        guard case .string(let ref)? = schema["$ref"] else { return schema }
        let name = String(ref.split(separator: "/").last ?? "")
        guard let target = document["components"]?["schemas"]?[name] else { throw Failure(description: "unknown $ref \(ref)") }
        return try resolve(target)
    }

    private func check(_ value: JSONValue, against rawSchema: JSONValue, at path: String, in location: String) throws {
        let schema = try resolve(rawSchema)
        func fail(_ message: String) -> Failure { Failure(description: "\(location): \(path): \(message)") }
        if let types = schema["type"] {
            let allowed: [String] =
                switch types {
                case .string(let name): [name]
                case .array(let names): names.compactMap { if case .string(let n) = $0 { n } else { nil } }
                default: []
                }
            guard allowed.contains(where: { value.isOfType($0) }) else {
                throw fail("expected \(allowed.joined(separator: " or ")), got \(value.typeName)")
            }
        }
        if case .array(let options)? = schema["enum"] {
            guard options.contains(value) else { throw fail("\(value) is not one of \(options)") }
        }
        switch value {
        case .object(let fields):
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where fields[name] == nil {
                    throw fail("missing required property \(name)")
                }
            }
            let properties: [String: JSONValue]
            if case .object(let declared)? = schema["properties"] { properties = declared } else { properties = [:] }
            for (name, fieldValue) in fields {
                if let propertySchema = properties[name] {
                    try check(fieldValue, against: propertySchema, at: "\(path).\(name)", in: location)
                } else if case .bool(false)? = schema["additionalProperties"] {
                    throw fail("undocumented property \(name)")
                }
            }
        case .array(let items):
            if let itemSchema = schema["items"] {
                for (i, item) in items.enumerated() { try check(item, against: itemSchema, at: "\(path)[\(i)]", in: location) }
            }
        default:
            break
        }
    }
}


/// JSON as a Sendable, Equatable value.
indirect enum JSONValue: Sendable, Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    subscript(_ key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    func isOfType(_ name: String) -> Bool {
        switch (name, self) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("number", .number): true
        case ("integer", .number(let value)): value.rounded() == value
        default: false
        }
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let n): "\(n)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "\(a)"
        case .object(let o): "\(o)"
        }
    }
}

import Foundation
import Hummingbird

extension Request {
    /// Decodes a JSON body, turning every failure into a 400 that names the field at fault (413 above the body
    /// limit).
    func decodeJSON<T: Decodable>(_ type: T.Type, context: AppRequestContext) async throws -> T {
        var request = self
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let data = Data(buffer.readableBytesView)
        do {
            return try APIJSON.decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            // A number that does not fit the field's integer type (2.5, 1e300, 2⁶⁴) is reported without its field, as
            // if the body were not JSON: find it.
            if case .dataCorrupted(let detail) = error, detail.codingPath.isEmpty, let field = Self.unfitNumberField(in: data) {
                throw ServerError.badRequest(field: field, message: "Expected a whole number within range.")
            }
            throw ServerError.describe(decoding: error)
        } catch {
            throw ServerError.badRequest(field: nil, message: "The body is not valid JSON.")
        }
    }

    /// The path (`k`, `items[2].id`) of the first number, in key order, that is not a whole number an `Int64` holds,
    /// looking at most 8 levels deep; nil when none is.
    static func unfitNumberField(in data: Data) -> String? {
        guard let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        func search(_ value: Any, _ path: String, depth: Int) -> String? {
            guard depth <= 8 else { return nil }
            switch value {
            case let object as [String: Any]:
                for key in object.keys.sorted() {
                    if let found = search(object[key] as Any, path.isEmpty ? key : path + "." + key, depth: depth + 1) { return found }
                }
            case let array as [Any]:
                for (i, element) in array.prefix(1_000).enumerated() {
                    if let found = search(element, path + "[\(i)]", depth: depth + 1) { return found }
                }
            case is Bool, is String:
                break
            case let number as NSNumber:
                let double = number.doubleValue
                let fits = double.isFinite && double.rounded() == double && abs(double) < 9.2e18
                if !fits, !path.isEmpty { return path }
            default:
                break
            }
            return nil
        }
        return search(root, "", depth: 0)
    }
}

import Foundation
import Hummingbird

extension Request {
    /// Decodes a JSON body, turning every failure into a 400 that names the field at fault (413 above the body
    /// limit).
    func decodeJSON<T: Decodable>(_ type: T.Type, context: AppRequestContext) async throws -> T {
        var request = self
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try APIJSON.decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw ServerError.describe(decoding: error)
        } catch {
            throw ServerError.badRequest(field: nil, message: "The body is not valid JSON.")
        }
    }
}

import Embeddings
import Foundation

/// The static embedding model shipped with `care` (this folder's `wordllama-l2-supercat`, see its README), copied
/// into the `CustomerCareRegistry_ShippedModel.resources` bundle that SwiftPM puts beside the binary, so `care serve`
/// matches by meaning from any working folder, offline, or in a container.
public enum ShippedModel {
    /// The model's folder name in the bundle (and here).
    public static let name = "wordllama-l2-supercat"

    /// The folder holding `weights.safetensors` and `tokenizer.json`.
    ///
    /// `Bundle.module` looks beside the executable first, then in the build folder it was built in; it stops the
    /// process when neither has the bundle, so callers ask only when they mean to load the model.
    public static var folder: String {
        Bundle.module.bundleURL.appendingPathComponent(name).path
    }

    /// Opens the shipped model (the weights stay memory-mapped; about 50 ms).
    /// - Throws: `EmbeddingsError` naming the file when the bundle's files are missing or damaged.
    public static func open() throws -> StaticEmbeddingModel {
        try StaticEmbeddingModel(directory: folder)
    }
}

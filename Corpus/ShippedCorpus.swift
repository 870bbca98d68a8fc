import Foundation

/// The knowledge base shipped with `care`: this folder's `categories.jsonl`, `agents.jsonl`, `solutions.jsonl` and
/// `tickets.jsonl`, copied into the `CustomerCareRegistry_ShippedCorpus.resources` bundle that SwiftPM puts beside
/// the binary, so `care serve` loads it from any working folder (or in a container) without `./Corpus`.
public enum ShippedCorpus {
    /// The files a first start loads; every one of them is in the bundle.
    public static let files = ["categories.jsonl", "agents.jsonl", "solutions.jsonl", "tickets.jsonl"]

    /// The resource bundle's folder, which holds `files` in the `Corpus/` layout `CorpusImporter` reads.
    ///
    /// `Bundle.module` looks beside the executable first, then in the build folder it was built in; it stops the
    /// process when neither has the bundle, so callers ask only when they mean to load the corpus.
    public static var folder: String {
        Bundle.module.bundleURL.path
    }
}

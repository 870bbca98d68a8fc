import Embeddings
import Foundation
import SearchEngine

/// Snapshots: the indexes and what was learned with them, written to a folder and loaded back at start, with a catch-up
/// from the change log (or a rebuild when the snapshot cannot be used).
extension HelpdeskIndex {
    /// Writes both indexes as snapshot files into `folder` (created if needed), plus the learned stock phrases, the
    /// term associations, the meaning vectors (`VectorSnapshot`) and a small manifest.
    public func save(to folder: String) throws {
        try updating.withLock { _ in
            let all = current.withLock { $0 }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try all.solutions.save(to: Self.path(folder, "solutions.index"))
            try all.tickets.save(to: Self.path(folder, "tickets.index"))
            try all.publicSolutions.save(to: Self.path(folder, "public-solutions.index"))
            func write(_ data: Data, _ name: String) throws {
                try data.write(to: URL(fileURLWithPath: Self.path(folder, name)), options: .atomic)
            }
            try write(all.boilerplate.serialized(), "boilerplate")
            try write(all.associations.model.serialized(), "associations")
            try write(all.publicBoilerplate.serialized(), "public-boilerplate")
            try write(all.publicAssociations.model.serialized(), "public-associations")
            try write(all.vocabulary.serialized(), "public-vocabulary")
            if let embeddings {
                let vectors = VectorSnapshot(
                    complaints: all.complaintVectors, publicComplaints: all.publicComplaintVectors,
                    tickets: all.ticketVectors,
                    checkpoints: [all.solutions.checkpoint, all.tickets.checkpoint, all.publicSolutions.checkpoint])
                try write(vectors.serialized(model: embeddings), VectorSnapshot.fileName)
            } else {
                // Vectors of an earlier save would not follow the indexes saved now.
                try? FileManager.default.removeItem(atPath: Self.path(folder, VectorSnapshot.fileName))
            }
            let manifest = "\(Self.formatVersion)\n"
            try manifest.write(toFile: Self.path(folder, "manifest"), atomically: true, encoding: .utf8)
        }
    }

    /// Loads the snapshots in `folder` and catches up with `database`. A missing, corrupted, outdated or stale
    /// snapshot (one that claims changes the database does not have) is replaced by a rebuild.
    /// - Returns: the index, and whether it had to be rebuilt.
    /// - Parameter publicTermCustomers: as in `init`; a snapshot learned with another threshold is rebuilt.
    public static func load(
        from folder: String, database: AppDatabase, publicTermCustomers: Int = defaultPublicTermCustomers,
        embeddings: StaticEmbeddingModel? = nil
    ) throws -> (index: HelpdeskIndex, rebuilt: Bool) {
        let reason: String
        do {
            if !FileManager.default.fileExists(atPath: path(folder, "manifest")) {
                // A first start (or a deleted snapshot): nothing is wrong.
                reason = "no index yet, building it"
            } else if let index = try loadSnapshot(from: folder, database: database, embeddings: embeddings),
                index.publicTermCustomers == max(1, publicTermCustomers) {
                let lastSeq = try database.lastChangeSeq()
                if index.checkpoint <= lastSeq {
                    try index.catchUp(from: database)
                    return (index, false)
                }
                reason = "snapshot checkpoint \(index.checkpoint) is ahead of the database (\(lastSeq))"
            } else {
                reason = "snapshot format, fields or public-term threshold differ"
            }
        } catch {
            reason = "\(error)"
        }
        database.logger.notice("rebuilding the search index", metadata: ["reason": "\(reason)"])
        let index = HelpdeskIndex(publicTermCustomers: publicTermCustomers, embeddings: embeddings)
        try index.rebuild(from: database)
        return (index, true)
    }

    /// The snapshot in `folder`, with the solution catalog read from `database` (the catch-up that follows re-applies
    /// whatever changed after the snapshot's checkpoint, so a catalog newer than the snapshot does no harm).
    private static func loadSnapshot(
        from folder: String, database: AppDatabase, embeddings: StaticEmbeddingModel?
    ) throws -> HelpdeskIndex? {
        let manifest = try String(contentsOfFile: path(folder, "manifest"), encoding: .utf8)
        guard Int(manifest.trimmingCharacters(in: .whitespacesAndNewlines)) == formatVersion else { return nil }
        let solutions = try SearchIndex(contentsOf: path(folder, "solutions.index"))
        let tickets = try SearchIndex(contentsOf: path(folder, "tickets.index"))
        let publicSolutions = try SearchIndex(contentsOf: path(folder, "public-solutions.index"))
        func read(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(folder, name))) }
        guard let boilerplate = Boilerplate(serialized: try read("boilerplate")),
            let associations = TermAssociations(serialized: try read("associations")),
            let publicBoilerplate = Boilerplate(serialized: try read("public-boilerplate")),
            let publicAssociations = TermAssociations(serialized: try read("public-associations")),
            let vocabulary = PublicVocabulary(serialized: try read("public-vocabulary"))
        else { return nil }
        // Weights are stored rounded (to 1/8), so compare the field names; a weight change bumps `formatVersion`.
        guard solutions.configuration.fields.map(\.name) == solutionsConfiguration.fields.map(\.name),
            publicSolutions.configuration.fields.map(\.name) == solutionsConfiguration.fields.map(\.name),
            tickets.configuration.fields.map(\.name) == ticketsConfiguration.fields.map(\.name)
        else { return nil }
        let analyzer = solutionsConfiguration.analyzer
        let catalog = SolutionCatalog(
            rows: try database.currentPublishedSolutionRows(), analyzer: analyzer, embeddings: embeddings)
        // The vectors saved with the indexes, when they are in step with them and made by this model; otherwise derived
        // again from the database, like the catalog.
        var complaintVectors = ComplaintVectors()
        var publicComplaintVectors = ComplaintVectors()
        var ticketVectors = TicketVectors()
        if let embeddings, let saved = try? read(VectorSnapshot.fileName),
            let vectors = VectorSnapshot(serialized: saved, model: embeddings),
            vectors.checkpoints == [solutions.checkpoint, tickets.checkpoint, publicSolutions.checkpoint]
        {
            complaintVectors = vectors.complaints
            publicComplaintVectors = vectors.publicComplaints
            ticketVectors = vectors.tickets
        } else if embeddings != nil {
            database.logger.notice("embedding the tickets again", metadata: ["reason": "no vectors saved with this snapshot"])
            let documents = try database.allIndexDocuments()
            complaintVectors = ComplaintVectors(documents.solutions, embeddings: embeddings)
            publicComplaintVectors = ComplaintVectors(
                publicChanges(documents.solutions, complaints: documents.complaints, vocabulary: vocabulary),
                embeddings: embeddings)
            ticketVectors = TicketVectors(documents.tickets, embeddings: embeddings)
        }
        return HelpdeskIndex(
            Indexes(
                solutions: solutions, tickets: tickets, boilerplate: boilerplate,
                associations: CompiledAssociations(associations, catalog: catalog, analyzer: analyzer),
                publicSolutions: publicSolutions, publicBoilerplate: publicBoilerplate,
                publicAssociations: CompiledAssociations(publicAssociations, catalog: catalog, analyzer: analyzer),
                vocabulary: vocabulary, catalog: catalog, complaintVectors: complaintVectors,
                publicComplaintVectors: publicComplaintVectors, ticketVectors: ticketVectors,
                meaning: SolutionMeaning.table(catalog, complaintVectors),
                publicMeaning: SolutionMeaning.table(catalog, publicComplaintVectors)),
            embeddings: embeddings)
    }

    private static func path(_ folder: String, _ name: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent(name).path
    }
}

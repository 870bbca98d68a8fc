/// The content of a new solution or of a new version of one.
public struct SolutionDraft: Sendable, Hashable {
    /// Short title.
    public var title: String
    /// The steps, in order; at least one.
    public var steps: [String]
    /// Category id.
    public var categoryId: String?
    /// Whether it shows in the public help centre.
    public var isPublished: Bool

    /// Creates a draft.
    public init(title: String, steps: [String], categoryId: String? = nil, isPublished: Bool = true) {
        self.title = title
        self.steps = steps
        self.categoryId = categoryId
        self.isPublished = isPublished
    }
}

/// How a ticket is resolved.
public enum SolutionChoice: Sendable, Hashable {
    /// Write a new solution, saved for reuse.
    case new(SolutionDraft)
    /// Reuse a stored solution as it is.
    case existing(id: Int64)
    /// Reuse a stored solution, edited into a new version that supersedes it.
    case revised(id: Int64, SolutionDraft)
    /// Reuse a stored solution as it is (linked, its reuse counted for it and for routing), with its text adapted to
    /// this customer in the reply and the mail; the stored solution stays unchanged.
    case adapted(id: Int64, text: String)
}

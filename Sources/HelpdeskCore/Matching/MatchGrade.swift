/// How strongly a suggestion matches, in the words people see: a strong match, a partial one, or too weak to show.
///
/// Read from `SolutionMatch.strength` (the search score over the highest score the text's words could give), never
/// from a raw score or a share of the best hit, so that the best of several weak matches is still called weak. A
/// strength means more the more words it covers: a solution holding one word of a three-word search covers a third of
/// it, one holding five words of a forty-word complaint an eighth, and may be the better answer. So the thresholds
/// come in two scales, for short searches and for whole complaints (`Scale`).
public enum MatchGrade: String, Sendable, Hashable, Codable, CaseIterable {
    /// At least the scale's `strongFrom`.
    case strong
    /// At least the scale's `floor`, below `strongFrom`.
    case partial
    /// Below the floor: not suggested.
    case weak

    /// The thresholds for texts of some length. Chosen by 5-fold cross-validation on `Corpus/eval` (`care eval floor`,
    /// figures in Benchmarks/README.md): the floor is the highest that still shows a right answer for 99 % of the
    /// queries that show one without a floor; "strong" starts where at least half of the results are right. Where a
    /// scale was measured on several sets (searches: subjects with 20 shown, short complaints with 5), the floor is the
    /// lowest of their choices and "strong" the highest, so both rules hold on every set.
    public struct Scale: Sendable, Hashable {
        /// The least strength shown.
        public var floor: Double
        /// The least strength called strong.
        public var strongFrom: Double

        /// A search of a few words (the help centre's box, a complaint's first words): up to `shortTerms` terms.
        public static let search = Scale(floor: 0.09, strongFrom: 0.89)
        /// A complaint: more than `shortTerms` terms.
        public static let complaint = Scale(floor: 0.07, strongFrom: 0.24)
        /// A search, when the strength fuses the words with the similarity of meaning (at the default weight).
        public static let meaningSearch = Scale(floor: 0.15, strongFrom: 0.89)
        /// A complaint, when the strength fuses the words with the similarity of meaning (at the default weight).
        public static let meaningComplaint = Scale(floor: 0.13, strongFrom: 0.31)
        /// Most distinct terms a text may have to be graded as a search.
        public static let shortTerms = 8

        /// The scale of a text with `terms` distinct terms, matched by words alone or (`meaning`) fused with the
        /// similarity of meaning, whose strengths run higher (an unrelated text is still somewhat near in meaning).
        public init(terms: Int, meaning: Bool = false) {
            switch (terms <= Self.shortTerms, meaning) {
            case (true, false): self = .search
            case (false, false): self = .complaint
            case (true, true): self = .meaningSearch
            case (false, true): self = .meaningComplaint
            }
        }

        /// Creates a scale.
        public init(floor: Double, strongFrom: Double) {
            self.floor = floor
            self.strongFrom = strongFrom
        }

        /// The grade of a match of this strength.
        public func grade(_ strength: Double) -> MatchGrade {
            strength >= strongFrom ? .strong : strength >= floor ? .partial : .weak
        }
    }

    /// What people read.
    public var label: String {
        switch self {
        case .strong: "Strong match"
        case .partial: "Partial match"
        case .weak: "Weak match"
        }
    }
}

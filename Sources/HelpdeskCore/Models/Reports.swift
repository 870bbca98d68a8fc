import Foundation

/// What a report covers: whole UTC days from `firstDay` through `lastDay`, optionally one category and one agent.
public struct ReportFilter: Sendable, Hashable {
    /// Start of the first day (UTC midnight), inclusive.
    public let from: Date
    /// Start of the day after the last day (UTC midnight), exclusive.
    public let to: Date
    /// Only tickets of this category.
    public var categoryId: String?
    /// Only tickets assigned to this agent.
    public var agentId: Int64?

    /// The longest range a report may span.
    public static let maximumDays = 3_660

    /// A calendar on UTC, the time zone the database stores.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        calendar.firstWeekday = 2
        return calendar
    }()

    /// A filter over the days `firstDay`…`lastDay` (any time within each day).
    /// - Throws: `.invalidInput` on `to` when the range ends before it starts or is longer than `maximumDays`.
    public init(firstDay: Date, lastDay: Date, categoryId: String? = nil, agentId: Int64? = nil) throws {
        let start = Self.calendar.startOfDay(for: firstDay)
        let lastStart = Self.calendar.startOfDay(for: lastDay)
        guard lastStart >= start else {
            throw HelpdeskError.invalidInput(field: "to", message: "The last day must not be before the first day.")
        }
        guard let end = Self.calendar.date(byAdding: .day, value: 1, to: lastStart) else {
            throw HelpdeskError.invalidInput(field: "to", message: "Use a date like 2026-01-31.")
        }
        self.from = start
        self.to = end
        self.categoryId = categoryId
        self.agentId = agentId
        guard dayCount <= Self.maximumDays else {
            throw HelpdeskError.invalidInput(field: "to", message: "Choose at most \(Self.maximumDays) days.")
        }
    }

    /// The last `days` days up to and including the day of `now`.
    public static func lastDays(_ days: Int, endingAt now: Date) -> ReportFilter {
        let first = calendar.date(byAdding: .day, value: -(max(days, 1) - 1), to: now) ?? now
        // The range is valid by construction.
        return try! ReportFilter(firstDay: first, lastDay: now)
    }

    /// Number of days covered.
    public var dayCount: Int { Int((to.timeIntervalSince(from) / 86_400).rounded()) }

    /// The start of every day covered, in order.
    public var days: [Date] {
        (0..<dayCount).compactMap { Self.calendar.date(byAdding: .day, value: $0, to: from) }
    }

    /// The last day covered (its midnight).
    public var lastDay: Date { to.addingTimeInterval(-86_400) }

    /// `yyyy-MM-dd` of `date` in UTC, the day key the database's text dates begin with.
    public static func dayKey(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Parses a `yyyy-MM-dd` day (UTC); nil when malformed.
    public static func parseDay(_ text: String) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day), year >= 1970
        else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else { return nil }
        return date
    }
}

/// How volume figures are grouped.
public enum ReportGranularity: String, Sendable, CaseIterable {
    /// One point per day.
    case day
    /// One point per ISO week (Monday to Sunday); the first and last weeks may be partial.
    case week
}

/// Tickets opened and resolved, and problems solved by self-service, in one period.
public struct VolumePoint: Sendable, Hashable {
    /// Start of the period (UTC midnight).
    public var start: Date
    /// Tickets filed.
    public var opened: Int
    /// Tickets resolved (by their latest resolution).
    public var resolved: Int
    /// Suggestions that solved the problem before a ticket was filed.
    public var deflected: Int

    /// Creates a point.
    public init(start: Date, opened: Int, resolved: Int, deflected: Int) {
        self.start = start
        self.opened = opened
        self.resolved = resolved
        self.deflected = deflected
    }
}

/// Open tickets at the end of one day, by where they stand.
public struct BacklogPoint: Sendable, Hashable {
    /// The day (UTC midnight); counts are taken at its end.
    public var day: Date
    /// Filed and still waiting for the first staff reply.
    public var awaitingResponse: Int
    /// Answered but not yet resolved.
    public var inProgress: Int

    /// Creates a point.
    public init(day: Date, awaitingResponse: Int, inProgress: Int) {
        self.day = day
        self.awaitingResponse = awaitingResponse
        self.inProgress = inProgress
    }
}

/// Median and 90th percentile (nearest rank) of a set of durations, in minutes.
public struct DurationStats: Sendable, Hashable {
    /// How many durations.
    public var count: Int
    /// The median, nil when `count` is 0.
    public var median: Double?
    /// The 90th percentile, nil when `count` is 0.
    public var p90: Double?

    /// No durations.
    public static let empty = DurationStats(count: 0, median: nil, p90: nil)

    /// Creates stats.
    public init(count: Int, median: Double?, p90: Double?) {
        self.count = count
        self.median = median
        self.p90 = p90
    }
}

/// Response and resolution times of one group of tickets.
public struct SpeedRow: Sendable, Hashable {
    /// The agent id or category id; empty for tickets without one.
    public var key: String
    /// What to show.
    public var label: String
    /// From filing to the first staff reply.
    public var firstResponse: DurationStats
    /// From filing to resolution.
    public var resolution: DurationStats
}

/// One bar of a duration histogram: `[lowerMinutes, upperMinutes)`.
public struct HistogramBin: Sendable, Hashable {
    /// What to show, e.g. "1–4 h".
    public var label: String
    /// Inclusive lower bound.
    public var lowerMinutes: Int
    /// Exclusive upper bound, nil for the open last bin.
    public var upperMinutes: Int?
    /// How many durations fall in it.
    public var count: Int
}

/// How fast tickets filed in the range were answered and resolved.
public struct SpeedReport: Sendable, Hashable {
    /// All tickets of the filter.
    public var overall: SpeedRow
    /// Per assignee (tickets nobody holds are left out), by name.
    public var byAgent: [SpeedRow]
    /// Per category (uncategorised last), by name.
    public var byCategory: [SpeedRow]
    /// Distribution of first-response times.
    public var firstResponseHistogram: [HistogramBin]
    /// Distribution of resolution times.
    public var resolutionHistogram: [HistogramBin]

    /// The histogram's bin edges in minutes: 1 h, 4 h, 8 h, 1 d, 3 d, 7 d.
    public static let binEdges: [Int] = [60, 240, 480, 1_440, 4_320, 10_080]
    /// Labels of the bins defined by `binEdges`.
    public static let binLabels: [String] = ["< 1 h", "1–4 h", "4–8 h", "8–24 h", "1–3 d", "3–7 d", "≥ 7 d"]
}

/// Which service-level target a ticket missed.
public enum SLABreachKind: String, Sendable, Hashable {
    /// The first reply came (or is) late.
    case firstResponse
    /// The resolution came (or is) late.
    case resolution
    /// Both.
    case both
}

/// Targets and misses of one priority.
public struct SLARow: Sendable, Hashable {
    /// The priority.
    public var priority: TicketPriority
    /// Target for the first reply.
    public var firstResponseMinutes: Int
    /// Target for resolution.
    public var resolutionMinutes: Int
    /// Tickets filed in the range.
    public var tickets: Int
    /// Of those, how many missed (or are missing) the first-response target.
    public var firstResponseBreached: Int
    /// Of those, how many missed (or are missing) the resolution target.
    public var resolutionBreached: Int
}

/// A ticket that missed a target.
public struct SLABreach: Sendable, Hashable {
    /// The ticket.
    public var ticketId: Int64
    /// Its subject.
    public var subject: String
    /// Its priority.
    public var priority: TicketPriority
    /// Its status now.
    public var status: TicketStatus
    /// When it was filed.
    public var createdAt: Date
    /// What it missed.
    public var kind: SLABreachKind
}

/// Targets per priority and the tickets that missed them.
public struct SLAReport: Sendable, Hashable {
    /// One row per priority, most urgent first.
    public var rows: [SLARow]
    /// Breached tickets, newest first (at most the requested limit).
    public var breaches: [SLABreach]
    /// All breached tickets of the filter.
    public var breachCount: Int
}

/// How often a solution was used and judged.
public struct SolutionUsage: Sendable, Hashable {
    /// The solution.
    public var solutionId: Int64
    /// Its title.
    public var title: String
    /// Tickets resolved with it.
    public var reused: Int
    /// "It solved my problem" answers.
    public var solved: Int
    /// "It did not" answers.
    public var notSolved: Int
}

/// Self-service figures: problems solved before a ticket was filed, and how the suggestions were used.
public struct SelfServiceReport: Sendable, Hashable {
    /// Deflections in the range.
    public var deflections: Int
    /// Tickets filed in the range.
    public var ticketsOpened: Int
    /// Suggestions shown in the range.
    public var suggestionsShown: Int
    /// Suggestions opened (expanded) in the range.
    public var suggestionsOpened: Int
    /// Solutions most reused to resolve tickets in the range.
    public var mostReused: [SolutionUsage]
    /// Current solutions whose customers mostly say they do not work (all-time verdicts): candidates for rewriting.
    public var notWorking: [SolutionUsage]

    /// Deflections ÷ (deflections + tickets filed), nil when both are 0.
    public var deflectionRate: Double? {
        let total = deflections + ticketsOpened
        return total == 0 ? nil : Double(deflections) / Double(total)
    }

    /// Opened ÷ shown, nil when nothing was shown.
    public var clickThrough: Double? {
        suggestionsShown == 0 ? nil : Double(suggestionsOpened) / Double(suggestionsShown)
    }
}

/// One agent's figures in a range, and their load now.
public struct AgentFigures: Sendable, Hashable {
    /// The agent.
    public var agentId: Int64
    /// Their name.
    public var name: String
    /// Whether the account is active.
    public var isActive: Bool
    /// Tickets they resolved in the range.
    public var resolved: Int
    /// Of their resolutions in the range, how many reused a stored solution rather than a new one.
    public var reusedSolutions: Int
    /// "Solved" verdicts given in the range on their tickets.
    public var solvedVerdicts: Int
    /// "Not solved" verdicts given in the range on their tickets.
    public var notSolvedVerdicts: Int
    /// Open tickets they hold now.
    public var openTickets: Int
    /// Most open tickets they may hold.
    public var capacity: Int
}

import Foundation
import Testing

@testable import HelpdeskCore
@testable import HelpdeskServer

@Suite("The Agents chart of the reports")
struct AgentsChartTests {
    static func agent(_ id: Int64, _ name: String, resolved: Int, open: Int) -> AgentFigures {
        AgentFigures(
            agentId: id, name: name, isActive: true, resolved: resolved, reusedSolutions: 0, solvedVerdicts: 0,
            notSolvedVerdicts: 0, openTickets: open, capacity: 10)
    }

    /// The category labels of the chart, top to bottom.
    static func labels(_ svg: String) -> [String] {
        svg.components(separatedBy: "<text class=\"chart-category\"").dropFirst().compactMap { part in
            part.split(separator: ">", maxSplits: 1).last.flatMap { $0.split(separator: "<").first.map(String.init) }
        }
    }

    /// The axis labels, left to right.
    static func ticks(_ svg: String) -> [String] {
        guard let axis = svg.components(separatedBy: "<g class=\"chart-axis\">").dropFirst().first?.components(separatedBy: "</g>").first
        else { return [] }
        return axis.components(separatedBy: "<text").dropFirst().compactMap { part in
            part.split(separator: ">", maxSplits: 1).last.flatMap { $0.split(separator: "<").first.map(String.init) }
        }
    }

    @Test("every agent is shown, most resolved first, then most open, then by name; the axis counts in whole numbers")
    func everyAgentInOrder() {
        // Given 16 agents: most without resolutions, one holding an open ticket
        var agents = (1...13).map { Self.agent(Int64($0), "Agent \(String(format: "%02d", $0))", resolved: 0, open: 0) }
        agents.append(Self.agent(14, "Zoe", resolved: 1, open: 0))
        agents.append(Self.agent(15, "Yann", resolved: 1, open: 0))
        agents.append(Self.agent(16, "Bea", resolved: 0, open: 1))
        let svg = ReportsView.agentsChart(agents.shuffled())
        // Then all 16 are drawn in a sensible order
        #expect(Self.labels(svg) == ["Yann", "Zoe", "Bea"] + (1...13).map { "Agent \(String(format: "%02d", $0))" })
        // And the axis of a maximum of 1 is 0 and 1, not "0, 1, 1"
        #expect(Self.ticks(svg) == ["0", "1"])
        #expect(svg.contains("16 agents"))
    }

    @Test("larger counts get whole-number ticks without repeats")
    func wholeNumberTicks() {
        let svg = ReportsView.agentsChart([Self.agent(1, "Ana", resolved: 3, open: 2), Self.agent(2, "Bo", resolved: 7, open: 0)])
        let ticks = Self.ticks(svg)
        #expect(ticks.count == Set(ticks).count && ticks.allSatisfy { Int($0) != nil }, "\(ticks)")
        #expect(Self.labels(svg) == ["Bo", "Ana"])
    }
}

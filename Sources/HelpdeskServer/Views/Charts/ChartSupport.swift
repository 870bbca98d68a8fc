import Foundation
import HelpdeskMail

/// One named row of values of a chart.
struct ChartSeries: Sendable {
    /// Shown in the legend.
    var name: String
    /// One value per label.
    var values: [Double]
}

/// What every chart has: an id (unique on the page), an accessible title and description, and how to print values.
struct ChartFrame: Sendable {
    /// Prefix of the element ids of the chart.
    var id: String
    /// Title, shown above the chart and read by screen readers.
    var title: String
    /// A one-sentence summary for screen readers.
    var description: String
    /// Formats an axis or bar value.
    var format: @Sendable (Double) -> String = ChartFrame.integer

    /// Whole numbers with thousands separators.
    static let integer: @Sendable (Double) -> String = { value in
        let rounded = Int(value.rounded())
        return rounded.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }

    /// Minutes as "20 s", "45 min", "3.5 h" or "2.1 d".
    static let minutes: @Sendable (Double) -> String = { value in
        if value > 0 && value < 1 { return "\(Int((value * 60).rounded())) s" }
        if value < 60 { return "\(Int(value.rounded())) min" }
        if value < 1_440 { return trimmed(value / 60) + " h" }
        return trimmed(value / 1_440) + " d"
    }

    static func trimmed(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

/// SVG text helpers and the shared layout of the charts.
enum SVG {
    /// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
    /// The viewBox width; charts scale to their container.
    static let width = 640.0
    /// What an empty chart says.
    static let emptyText = "No tickets in this range"

    /// Escapes text for XML content and attribute values.
    static func escape(_ text: String) -> String { escapeHTML(text) }

    /// A number for an attribute, with at most one decimal.
    static func n(_ value: Double) -> String {
        ChartFrame.trimmed(value)
    }

    /// The opening tag with the accessible title and description.
    static func open(_ frame: ChartFrame, height: Double) -> String {
        let id = escape(frame.id)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 \(n(width)) \(n(height))" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" preserveAspectRatio="xMidYMid meet">\
            <title id="\(id)-title">\(escape(frame.title))</title><desc id="\(id)-desc">\(escape(frame.description))</desc>
            """
    }

    /// What stands for a chart when there is nothing to draw: a panel of text, not a drawing, so that its words keep
    /// one readable size on a phone and in a half-width chart alike (a drawing scales with its container).
    static func empty(_ frame: ChartFrame) -> String {
        let id = escape(frame.id)
        return "<div class=\"chart-empty-panel\" id=\"\(id)-empty\" role=\"img\" aria-label=\"\(escape(frame.title)): \(escape(emptyText))\">"
            + "\(escape(emptyText))</div>"
    }

    /// A legend row of coloured squares and names, starting at (`x`, `y`).
    static func legend(_ names: [String], x: Double, y: Double) -> String {
        var out = "<g class=\"chart-legend\">"
        var cursor = x
        for (index, name) in names.enumerated() {
            out += "<rect x=\"\(n(cursor))\" y=\"\(n(y - 9))\" width=\"10\" height=\"10\" rx=\"2\" fill=\"\(palette[index % palette.count])\"/>"
            out += "<text x=\"\(n(cursor + 14))\" y=\"\(n(y))\">\(escape(name))</text>"
            cursor += 24 + Double(name.count) * 6.6
        }
        return out + "</g>"
    }

    /// Tick values from 0 to at least `maximum`, about `count` of them, on 1-2-5 steps (whole numbers when
    /// `integral`).
    static func ticks(upTo maximum: Double, count: Int = 4, integral: Bool = true) -> [Double] {
        guard maximum > 0, maximum.isFinite else { return [0, 1] }
        let rough = maximum / Double(count)
        let magnitude = pow(10, floor(log10(rough)))
        let normalised = rough / magnitude
        var step = (normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10) * magnitude
        if integral { step = max(1, step.rounded()) }
        let top = (maximum / step).rounded(.up) * step
        return stride(from: 0.0, through: top + step / 2, by: step).map { $0 }
    }

    /// Horizontal grid lines with labels on the left of the plot area.
    static func yAxis(_ ticks: [Double], plot: Plot, format: (Double) -> String) -> String {
        var out = "<g class=\"chart-axis\">"
        for tick in ticks {
            let y = plot.y(tick, top: ticks.last ?? 1)
            out += "<line class=\"chart-gridline\" x1=\"\(n(plot.left))\" x2=\"\(n(plot.right))\" y1=\"\(n(y))\" y2=\"\(n(y))\"/>"
            out += "<text x=\"\(n(plot.left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(escape(format(tick)))</text>"
        }
        out += "<line class=\"chart-baseline\" x1=\"\(n(plot.left))\" x2=\"\(n(plot.right))\" y1=\"\(n(plot.bottom))\" y2=\"\(n(plot.bottom))\"/>"
        return out + "</g>"
    }

    /// Labels under the plot, thinned to about eight so they never overlap.
    static func xLabels(_ labels: [String], x: (Int) -> Double, plot: Plot) -> String {
        guard !labels.isEmpty else { return "" }
        let every = max(1, Int((Double(labels.count) / 8).rounded(.up)))
        var out = "<g class=\"chart-axis\">"
        for (index, label) in labels.enumerated() where index % every == 0 {
            out += "<text x=\"\(n(x(index)))\" y=\"\(n(plot.bottom + 16))\" text-anchor=\"middle\">\(escape(label))</text>"
        }
        return out + "</g>"
    }
}

/// The plot area inside a chart.
struct Plot {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }

    /// The y coordinate of `value` on an axis from 0 to `top`.
    func y(_ value: Double, top maximum: Double) -> Double {
        bottom - (maximum > 0 ? value / maximum : 0) * height
    }
}

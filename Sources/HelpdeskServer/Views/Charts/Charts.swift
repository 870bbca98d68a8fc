import Foundation

/// Server-rendered SVG charts: line, stacked area, grouped horizontal bars and histogram. Each is an inline `<svg>`
/// with `role="img"`, a `<title>` and a `<desc>`; colours are presentation attributes (no inline style, which the CSP
/// forbids), text is XML-escaped, and an empty data set draws a "No tickets in this range" panel.
enum Charts {
    /// One line per series over `labels` (the x axis), with a point marker when there are few points.
    static func line(_ frame: ChartFrame, labels: [String], series: [ChartSeries]) -> String {
        let maximum = series.flatMap(\.values).max() ?? 0
        guard !labels.isEmpty, maximum > 0 else { return SVG.empty(frame) }
        let height = 260.0
        let plot = Plot(left: 52, top: 36, right: SVG.width - 16, bottom: height - 28)
        let ticks = SVG.ticks(upTo: maximum)
        let top = ticks.last ?? 1
        let x = { (index: Int) -> Double in
            labels.count == 1 ? plot.left + plot.width / 2 : plot.left + Double(index) * plot.width / Double(labels.count - 1)
        }
        var out = SVG.open(frame, height: height)
        out += SVG.legend(series.map(\.name), x: plot.left, y: 16)
        out += SVG.yAxis(ticks, plot: plot, format: frame.format)
        out += SVG.xLabels(labels, x: x, plot: plot)
        for (index, line) in series.enumerated() {
            let colour = SVG.palette[index % SVG.palette.count]
            let points = line.values.enumerated().map { "\(SVG.n(x($0.offset))),\(SVG.n(plot.y($0.element, top: top)))" }
            out += "<polyline class=\"chart-line\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.5\" points=\"\(points.joined(separator: " "))\"/>"
            if labels.count <= 40 {
                for (i, value) in line.values.enumerated() {
                    out += "<circle cx=\"\(SVG.n(x(i)))\" cy=\"\(SVG.n(plot.y(value, top: top)))\" r=\"3.5\" fill=\"\(colour)\">"
                    out += "<title>\(SVG.escape("\(line.name), \(labels[i]): \(frame.format(value))"))</title></circle>"
                }
            }
        }
        return out + "</svg>"
    }

    /// Series stacked on top of each other, filled down to the one below.
    static func stackedArea(_ frame: ChartFrame, labels: [String], series: [ChartSeries]) -> String {
        let totals = labels.indices.map { index in series.reduce(0) { $0 + ($1.values.indices.contains(index) ? $1.values[index] : 0) } }
        let maximum = totals.max() ?? 0
        guard !labels.isEmpty, maximum > 0 else { return SVG.empty(frame) }
        let height = 260.0
        let plot = Plot(left: 52, top: 36, right: SVG.width - 16, bottom: height - 28)
        let ticks = SVG.ticks(upTo: maximum)
        let top = ticks.last ?? 1
        // A single day is drawn as a narrow band so it still shows.
        let x = { (index: Int) -> Double in
            labels.count == 1 ? plot.left + plot.width / 2 : plot.left + Double(index) * plot.width / Double(labels.count - 1)
        }
        let xs: [Double] = labels.count == 1 ? [x(0) - 12, x(0) + 12] : labels.indices.map(x)
        let column = { (values: [Double]) -> [Double] in labels.count == 1 ? [values[0], values[0]] : values }
        var out = SVG.open(frame, height: height)
        out += SVG.legend(series.map(\.name), x: plot.left, y: 16)
        out += SVG.yAxis(ticks, plot: plot, format: frame.format)
        out += SVG.xLabels(labels, x: x, plot: plot)
        var below = [Double](repeating: 0, count: labels.count)
        for (index, layer) in series.enumerated() {
            let above = labels.indices.map { below[$0] + (layer.values.indices.contains($0) ? layer.values[$0] : 0) }
            let upper = zip(xs, column(above)).map { "\(SVG.n($0)),\(SVG.n(plot.y($1, top: top)))" }
            let lower = zip(xs, column(below)).reversed().map { "\(SVG.n($0)),\(SVG.n(plot.y($1, top: top)))" }
            let colour = SVG.palette[index % SVG.palette.count]
            out += "<polygon class=\"chart-area\" fill=\"\(colour)\" fill-opacity=\"0.85\" stroke=\"\(colour)\" points=\"\((upper + lower).joined(separator: " "))\">"
            out += "<title>\(SVG.escape(layer.name))</title></polygon>"
            below = above
        }
        return out + "</svg>"
    }

    /// Horizontal bars, one group per category and one bar per series, with the value printed at the bar's end.
    static func bars(_ frame: ChartFrame, categories: [String], series: [ChartSeries], integral: Bool = true) -> String {
        let maximum = series.flatMap(\.values).max() ?? 0
        guard !categories.isEmpty, maximum > 0 else { return SVG.empty(frame) }
        let bar = 14.0
        let gap = 4.0
        let group = Double(series.count) * (bar + gap) + 12
        let labelWidth = min(200, max(80, Double(categories.map(\.count).max() ?? 8) * 6.8))
        let plot = Plot(left: labelWidth + 8, top: 30, right: SVG.width - 70, bottom: 30 + group * Double(categories.count))
        let height = plot.bottom + 24
        let ticks = SVG.ticks(upTo: maximum, integral: integral)
        let top = ticks.last ?? 1
        let x = { (value: Double) -> Double in plot.left + value / top * plot.width }
        var out = SVG.open(frame, height: height)
        out += SVG.legend(series.map(\.name), x: plot.left, y: 14)
        out += "<g class=\"chart-axis\">"
        for tick in ticks {
            out += "<line class=\"chart-gridline\" x1=\"\(SVG.n(x(tick)))\" x2=\"\(SVG.n(x(tick)))\" y1=\"\(SVG.n(plot.top))\" y2=\"\(SVG.n(plot.bottom))\"/>"
            out += "<text x=\"\(SVG.n(x(tick)))\" y=\"\(SVG.n(plot.bottom + 16))\" text-anchor=\"middle\">\(SVG.escape(frame.format(tick)))</text>"
        }
        out += "</g>"
        for (row, category) in categories.enumerated() {
            let y0 = plot.top + Double(row) * group + 6
            let middle = y0 + Double(series.count) * (bar + gap) / 2
            out += "<text class=\"chart-category\" x=\"\(SVG.n(plot.left - 8))\" y=\"\(SVG.n(middle + 4))\" text-anchor=\"end\">\(SVG.escape(category))</text>"
            for (index, line) in series.enumerated() {
                let value = line.values.indices.contains(row) ? line.values[row] : 0
                let y = y0 + Double(index) * (bar + gap)
                let width = max(value > 0 ? 1 : 0, x(value) - plot.left)
                out += "<rect x=\"\(SVG.n(plot.left))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(width))\" height=\"\(SVG.n(bar))\" fill=\"\(SVG.palette[index % SVG.palette.count])\">"
                out += "<title>\(SVG.escape("\(category), \(line.name): \(frame.format(value))"))</title></rect>"
                out += "<text class=\"chart-value\" x=\"\(SVG.n(plot.left + width + 4))\" y=\"\(SVG.n(y + bar - 3))\">\(SVG.escape(frame.format(value)))</text>"
            }
        }
        return out + "</svg>"
    }

    /// Adjacent vertical bars, one per bin, with the count above each bar.
    static func histogram(_ frame: ChartFrame, bins: [String], counts: [Int]) -> String {
        let maximum = Double(counts.max() ?? 0)
        guard !bins.isEmpty, maximum > 0 else { return SVG.empty(frame) }
        let height = 240.0
        let plot = Plot(left: 52, top: 20, right: SVG.width - 16, bottom: height - 28)
        let ticks = SVG.ticks(upTo: maximum)
        let top = ticks.last ?? 1
        let width = plot.width / Double(bins.count)
        let centre = { (index: Int) -> Double in plot.left + (Double(index) + 0.5) * width }
        var out = SVG.open(frame, height: height)
        out += SVG.yAxis(ticks, plot: plot, format: frame.format)
        for (index, count) in counts.enumerated() {
            let y = plot.y(Double(count), top: top)
            out += "<rect x=\"\(SVG.n(plot.left + Double(index) * width + 1))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(width - 2))\" "
            out += "height=\"\(SVG.n(plot.bottom - y))\" fill=\"\(SVG.palette[0])\"><title>\(SVG.escape("\(bins[index]): \(count)"))</title></rect>"
            if count > 0 {
                out += "<text class=\"chart-value\" x=\"\(SVG.n(centre(index)))\" y=\"\(SVG.n(y - 4))\" text-anchor=\"middle\">\(SVG.escape(frame.format(Double(count))))</text>"
            }
        }
        // Every bin label shows: there are few bins.
        out += "<g class=\"chart-axis\">"
        for (index, label) in bins.enumerated() {
            out += "<text x=\"\(SVG.n(centre(index)))\" y=\"\(SVG.n(plot.bottom + 16))\" text-anchor=\"middle\">\(SVG.escape(label))</text>"
        }
        return out + "</g></svg>"
    }
}

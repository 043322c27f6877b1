package io.marketpipe.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A backtest as one self-contained HTML page: a ranking, and per strategy its equity curve and
 * drawdown (inline SVG, no scripts, nothing fetched), its metrics and its round trips.
 */
final class BacktestReport {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 220;
    private static final int PAD = 72;
    private static final int MAX_TRIPS = 500;

    private BacktestReport() {}

    static Path write(
            Path dir, BacktestSummary summary, List<Map<String, Object>> ranked, String rankBy)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>marketpipe backtest</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1a1a1a}")
                .append("table{border-collapse:collapse;margin:8px 0 16px}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}")
                .append("h2{margin-top:32px;border-top:2px solid #333;padding-top:12px}")
                .append(".neg{color:#b00020}.pos{color:#0a7d32}svg{display:block}")
                .append("</style></head><body><h1>Backtest</h1>");
        html.append("<p>Strategies ranked by ").append(escape(rankBy)).append(".</p>");
        ranking(html, ranked);
        for (Map<String, Object> row : ranked) {
            String strategy = (String) row.get("strategy");
            html.append("<h2 id=\"")
                    .append(escape(strategy))
                    .append("\">")
                    .append(escape(strategy))
                    .append("</h2>");
            List<double[]> curve = summary.curves.getOrDefault(strategy, List.of());
            html.append("<h3>Equity</h3>");
            chart(html, curve, 1, "#1f5fbf", false);
            html.append("<h3>Drawdown</h3>");
            chart(html, curve, 2, "#b00020", true);
            html.append("<h3>Metrics</h3><table>");
            row.forEach(
                    (k, v) -> {
                        html.append("<tr><td>").append(escape(MetricLabels.of(k))).append("</td>");
                        cell(html, k, v);
                        html.append("</tr>");
                    });
            html.append("</table>");
            trips(html, summary.roundTrips.getOrDefault(strategy, List.of()));
        }
        html.append("</body></html>\n");
        Path page = dir.resolve("index.html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        return page;
    }

    private static void ranking(StringBuilder html, List<Map<String, Object>> ranked) {
        String[] cols = {
            "net_pnl",
            "return_pct",
            "sharpe",
            "sortino",
            "max_drawdown_pct",
            "round_trips",
            "win_rate_pct",
            "profit_factor",
            "buy_hold_return_pct"
        };
        html.append("<table><tr><th>").append(MetricLabels.of("strategy")).append("</th>");
        for (String c : cols) {
            html.append("<th>").append(escape(MetricLabels.of(c))).append("</th>");
        }
        html.append("</tr>");
        for (Map<String, Object> row : ranked) {
            String s = escape((String) row.get("strategy"));
            html.append("<tr><td><a href=\"#")
                    .append(s)
                    .append("\">")
                    .append(s)
                    .append("</a></td>");
            for (String c : cols) {
                cell(html, c, row.get(c));
            }
            html.append("</tr>");
        }
        html.append("</table>");
    }

    private static void trips(StringBuilder html, List<Map<String, Object>> trips) {
        html.append("<h3>Round trips (").append(trips.size()).append(")</h3>");
        if (trips.isEmpty()) {
            return;
        }
        String[] cols = {
            "symbol",
            "entry_time",
            "entry_price",
            "exit_time",
            "exit_price",
            "quantity",
            "net_pnl",
            "return_pct",
            "exit_reason"
        };
        html.append("<table><tr>");
        for (String c : cols) {
            html.append("<th>").append(escape(MetricLabels.of(c))).append("</th>");
        }
        html.append("</tr>");
        for (Map<String, Object> trip : trips.subList(0, Math.min(trips.size(), MAX_TRIPS))) {
            html.append("<tr>");
            for (String c : cols) {
                Object v = trip.get(c);
                if (MetricLabels.signed(c)) {
                    cell(html, c, v);
                } else {
                    html.append("<td>").append(escape(String.valueOf(v))).append("</td>");
                }
            }
            html.append("</tr>");
        }
        html.append("</table>");
        if (trips.size() > MAX_TRIPS) {
            html.append("<p>First ")
                    .append(MAX_TRIPS)
                    .append(" shown; every round trip is in the lake table round_trips.</p>");
        }
    }

    /** A value, red or green by its sign only where the column's sign means gain or loss. */
    private static void cell(StringBuilder html, String column, Object v) {
        Double d = MetricLabels.signed(column) ? BacktestSummary.number(v) : null;
        String cls = d == null || d == 0 ? "" : d < 0 ? " class=\"neg\"" : " class=\"pos\"";
        html.append("<td")
                .append(cls)
                .append('>')
                .append(escape(BacktestCommand.format(v)))
                .append("</td>");
    }

    /** A line (or, for drawdown, a filled area below zero) of column {@code col} against time. */
    private static void chart(
            StringBuilder html, List<double[]> points, int col, String color, boolean drawdown) {
        html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" role=\"img\">")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\" stroke=\"#ddd\"/>");
        if (points.size() < 2) {
            html.append("<text x=\"20\" y=\"30\">not enough bars to draw</text></svg>");
            return;
        }
        double t0 = points.get(0)[0];
        double t1 = points.get(points.size() - 1)[0];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            double v = drawdown ? -100 * p[col] : p[col];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (drawdown) {
            hi = 0;
        }
        if (hi - lo < 1e-12) {
            hi += 1;
            lo -= 1;
        }
        StringBuilder path = new StringBuilder();
        for (double[] p : points) {
            double v = drawdown ? -100 * p[col] : p[col];
            path.append(path.length() == 0 ? "M" : "L")
                    .append(fmt(x(p[0], t0, t1)))
                    .append(',')
                    .append(fmt(y(v, lo, hi)));
        }
        if (drawdown) {
            path.append("L").append(fmt(x(t1, t0, t1))).append(',').append(fmt(y(0, lo, hi)));
            path.append("L").append(fmt(x(t0, t0, t1))).append(',').append(fmt(y(0, lo, hi)));
            path.append('Z');
            html.append("<path d=\"")
                    .append(path)
                    .append("\" fill=\"")
                    .append(color)
                    .append("\" fill-opacity=\"0.35\" stroke=\"")
                    .append(color)
                    .append("\"/>");
        } else {
            html.append("<path d=\"")
                    .append(path)
                    .append("\" fill=\"none\" stroke=\"")
                    .append(color)
                    .append("\" stroke-width=\"1.5\"/>");
        }
        axisLabel(html, PAD - 6, y(hi, lo, hi) + 4, label(hi, drawdown), "end");
        axisLabel(html, PAD - 6, y(lo, lo, hi) + 4, label(lo, drawdown), "end");
        axisLabel(html, PAD, HEIGHT - 6, time(t0), "start");
        axisLabel(html, WIDTH - 8, HEIGHT - 6, time(t1), "end");
        html.append("</svg>");
    }

    private static void axisLabel(
            StringBuilder html, double x, double y, String text, String anchor) {
        html.append("<text font-size=\"11\" fill=\"#555\" x=\"")
                .append(fmt(x))
                .append("\" y=\"")
                .append(fmt(y))
                .append("\" text-anchor=\"")
                .append(anchor)
                .append("\">")
                .append(escape(text))
                .append("</text>");
    }

    private static double x(double t, double t0, double t1) {
        return PAD + (t - t0) / Math.max(1, t1 - t0) * (WIDTH - PAD - 10);
    }

    private static double y(double v, double lo, double hi) {
        return 10 + (hi - v) / (hi - lo) * (HEIGHT - 40);
    }

    private static String label(double v, boolean percent) {
        return percent
                ? String.format(Locale.ROOT, "%.2f%%", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String time(double epochMillis) {
        return Instant.ofEpochMilli((long) epochMillis)
                .toString()
                .replace("T", " ")
                .replace("Z", "");
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}

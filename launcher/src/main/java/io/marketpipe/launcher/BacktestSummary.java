package io.marketpipe.launcher;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A backtest's results, read from its lake with the portable SQL of {@code schemas/}: one row of
 * metrics per strategy, each strategy's equity curve, and its round trips.
 */
final class BacktestSummary {
    /** Metrics a sweep can be ranked by; higher is better except where {@link #LOWER_IS_BETTER}. */
    static final List<String> RANKABLE =
            List.of(
                    "net_pnl",
                    "return_pct",
                    "sharpe",
                    "sortino",
                    "profit_factor",
                    "win_rate_pct",
                    "expectancy",
                    "max_drawdown_pct");

    static final List<String> LOWER_IS_BETTER = List.of("max_drawdown_pct");

    final List<Map<String, Object>> strategies;
    final Map<String, List<double[]>> curves;
    final Map<String, List<Map<String, Object>>> roundTrips;

    private BacktestSummary(
            List<Map<String, Object>> strategies,
            Map<String, List<double[]>> curves,
            Map<String, List<Map<String, Object>>> roundTrips) {
        this.strategies = strategies;
        this.curves = curves;
        this.roundTrips = roundTrips;
    }

    static BacktestSummary read(Path lake) throws IOException, SQLException {
        try (Connection duck = LakeViews.open(lake);
                Statement sql = duck.createStatement()) {
            if (QueryCommand.tables(lake).stream().noneMatch("equity"::equals)) {
                return new BacktestSummary(List.of(), Map.of(), Map.of());
            }
            List<Map<String, Object>> rows = rows(sql, LakeViews.sqlFile("strategy_summary"));
            Map<String, List<double[]>> curves = new LinkedHashMap<>();
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT strategy, epoch_ms(bar_time), CAST(equity AS DOUBLE), drawdown"
                                    + " FROM "
                                    + LakeViews.EQUITY_CURVE
                                    + " ORDER BY strategy, bar_time")) {
                while (rs.next()) {
                    curves.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new double[] {rs.getLong(2), rs.getDouble(3), rs.getDouble(4)});
                }
            }
            Map<String, List<Map<String, Object>>> trips = new LinkedHashMap<>();
            for (Map<String, Object> trip :
                    rows(
                            sql,
                            "SELECT strategy, symbol, entry_time, entry_price, exit_time,"
                                    + " exit_price, quantity, net_pnl, return_pct, exit_reason"
                                    + " FROM round_trips ORDER BY strategy, exit_time, symbol")) {
                trips.computeIfAbsent((String) trip.get("strategy"), k -> new ArrayList<>())
                        .add(trip);
            }
            return new BacktestSummary(rows, curves, trips);
        }
    }

    /** The strategies, best first by {@code metric}; strategies without a value last. */
    List<Map<String, Object>> rankedBy(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        if (!RANKABLE.contains(m)) {
            throw new Args.UsageException("--rank-by must be one of " + RANKABLE);
        }
        Comparator<Map<String, Object>> byValue =
                Comparator.comparing(
                        row -> number(row.get(m)),
                        Comparator.nullsLast(
                                LOWER_IS_BETTER.contains(m)
                                        ? Comparator.<Double>naturalOrder()
                                        : Comparator.<Double>reverseOrder()));
        List<Map<String, Object>> ranked = new ArrayList<>(strategies);
        ranked.sort(byValue.thenComparing(row -> (String) row.get("strategy")));
        return ranked;
    }

    static Double number(Object value) {
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            return Double.isNaN(d) ? null : d;
        }
        return null;
    }

    private static List<Map<String, Object>> rows(Statement sql, String query) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    Object v = rs.getObject(c);
                    row.put(
                            meta.getColumnLabel(c),
                            v instanceof BigDecimal ? ((BigDecimal) v).stripTrailingZeros() : v);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}

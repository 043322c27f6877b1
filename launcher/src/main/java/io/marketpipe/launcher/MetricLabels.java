package io.marketpipe.launcher;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a person reads for each column of the backtest summary and the round trips, with units, and
 * which of them have a sign worth a colour: declared once for the printed summary and the report.
 */
final class MetricLabels {
    private static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("strategy", "Strategy");
        LABELS.put("net_pnl", "Net PnL");
        LABELS.put("return_pct", "Return (%)");
        LABELS.put("round_trips", "Round trips");
        LABELS.put("wins", "Winning trips");
        LABELS.put("win_rate_pct", "Win rate (%)");
        LABELS.put("profit_factor", "Profit factor");
        LABELS.put("expectancy", "Expectancy per trip");
        LABELS.put("average_win", "Average win");
        LABELS.put("average_loss", "Average loss");
        LABELS.put("best_trade", "Best trip");
        LABELS.put("worst_trade", "Worst trip");
        LABELS.put("max_drawdown_pct", "Max drawdown (%)");
        LABELS.put("max_drawdown_bars", "Max drawdown (bars)");
        LABELS.put("sharpe", "Sharpe");
        LABELS.put("sortino", "Sortino");
        LABELS.put("exposure_pct", "Exposure (%)");
        LABELS.put("fees_paid", "Fees paid");
        LABELS.put("buy_hold_return_pct", "Buy & hold return (%)");
        LABELS.put("capital", "Capital");
        LABELS.put("bars", "Bars");
        LABELS.put("symbol", "Symbol");
        LABELS.put("entry_time", "Entry time");
        LABELS.put("entry_price", "Entry price");
        LABELS.put("exit_time", "Exit time");
        LABELS.put("exit_price", "Exit price");
        LABELS.put("quantity", "Quantity");
        LABELS.put("exit_reason", "Exit reason");
    }

    /** Money and returns: a sign that means gain or loss, so red or green. */
    private static final Set<String> SIGNED =
            Set.of(
                    "net_pnl",
                    "return_pct",
                    "buy_hold_return_pct",
                    "expectancy",
                    "best_trade",
                    "worst_trade");

    private MetricLabels() {}

    /**
     * The label of {@code column}; a column without one reads as words ({@code a_b_pct}: A b (%)).
     */
    static String of(String column) {
        String label = LABELS.get(column);
        if (label != null) {
            return label;
        }
        String words = column.endsWith("_pct") ? column.substring(0, column.length() - 4) : column;
        words = words.replace('_', ' ');
        words =
                words.isEmpty()
                        ? words
                        : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
        return column.endsWith("_pct") ? words + " (%)" : words;
    }

    /** Whether a value of {@code column} is coloured by its sign. */
    static boolean signed(String column) {
        return SIGNED.contains(column);
    }
}

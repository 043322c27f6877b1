-- Per-strategy backtest summary over the lake tables round_trips and fills and the view
-- strategy_equity_curve. Portable SQL: the same text runs on DuckDB (./pipeline backtest) and on
-- Athena (Trino). The formulas are the README's "Backtest metrics"; tests pin them with
-- hand-computed numbers.
WITH curve AS (
    SELECT
        strategy,
        bar_index,
        interval_ms,
        symbols,
        symbols_long,
        symbols_trading,
        capital,
        equity,
        drawdown,
        bar_return,
        SUM(CASE WHEN equity >= peak THEN 1 ELSE 0 END) OVER (
            PARTITION BY strategy ORDER BY bar_index ROWS UNBOUNDED PRECEDING) AS peak_number,
        ROW_NUMBER() OVER (PARTITION BY strategy ORDER BY bar_index DESC) AS from_end
    FROM strategy_equity_curve
),
book AS (
    SELECT
        strategy,
        MAX(symbols) AS symbols,
        MAX(capital) AS capital,
        COUNT(*) AS bars,
        MAX(interval_ms) AS interval_ms,
        MAX(CASE WHEN from_end = 1 THEN equity END) AS final_equity,
        MAX(drawdown) AS max_drawdown,
        AVG(bar_return) AS mean_return,
        STDDEV_SAMP(bar_return) AS stddev_return,
        SQRT(AVG(POWER(LEAST(bar_return, 0), 2))) AS downside_deviation,
        CAST(SUM(symbols_long) AS DOUBLE) / SUM(symbols_trading) AS exposure
    FROM curve
    GROUP BY strategy
),
peaks AS (
    SELECT strategy, peak_number, MIN(bar_index) AS first_bar, MAX(bar_index) AS last_bar
    FROM curve
    GROUP BY strategy, peak_number
),
underwater AS (
    -- from a peak to the bar that regains it, or to the last bar
    SELECT
        strategy,
        MAX(COALESCE(next_peak, last_bar) - first_bar) AS max_drawdown_bars
    FROM (
        SELECT
            strategy,
            first_bar,
            last_bar,
            LEAD(first_bar) OVER (PARTITION BY strategy ORDER BY peak_number) AS next_peak
        FROM peaks
    ) p
    GROUP BY strategy
),
trips AS (
    SELECT
        strategy,
        COUNT(*) AS round_trips,
        SUM(CASE WHEN net_pnl > 0 THEN 1 ELSE 0 END) AS wins,
        SUM(CASE WHEN net_pnl > 0 THEN net_pnl ELSE 0 END) AS gross_wins,
        SUM(CASE WHEN net_pnl < 0 THEN -net_pnl ELSE 0 END) AS gross_losses,
        AVG(net_pnl) AS expectancy,
        AVG(CASE WHEN net_pnl > 0 THEN net_pnl END) AS average_win,
        AVG(CASE WHEN net_pnl <= 0 THEN net_pnl END) AS average_loss,
        MAX(net_pnl) AS best_trade,
        MIN(net_pnl) AS worst_trade
    FROM round_trips
    GROUP BY strategy
),
fees AS (
    SELECT strategy, SUM(fee) AS fees_paid FROM fills GROUP BY strategy
),
buy_and_hold AS (
    -- each symbol bought at its first close and held to its last, equally weighted
    SELECT strategy, AVG(CAST(last_mark AS DOUBLE) / CAST(first_mark AS DOUBLE) - 1) AS buy_hold
    FROM (
        SELECT
            strategy,
            venue,
            symbol,
            MAX(CASE WHEN nth = 1 THEN mark END) AS first_mark,
            MAX(CASE WHEN from_end = 1 THEN mark END) AS last_mark
        FROM (
            SELECT
                strategy,
                venue,
                symbol,
                mark,
                ROW_NUMBER() OVER (
                    PARTITION BY strategy, venue, symbol ORDER BY bar_time) AS nth,
                ROW_NUMBER() OVER (
                    PARTITION BY strategy, venue, symbol ORDER BY bar_time DESC) AS from_end
            FROM equity
        ) e
        GROUP BY strategy, venue, symbol
    ) s
    GROUP BY strategy
)
SELECT
    b.strategy,
    b.symbols,
    b.capital,
    b.final_equity - b.capital AS net_pnl,
    100 * CAST(b.final_equity - b.capital AS DOUBLE) / CAST(b.capital AS DOUBLE) AS return_pct,
    COALESCE(t.round_trips, 0) AS round_trips,
    100 * CAST(t.wins AS DOUBLE) / t.round_trips AS win_rate_pct,
    CASE WHEN t.gross_losses > 0
        THEN CAST(t.gross_wins AS DOUBLE) / CAST(t.gross_losses AS DOUBLE) END AS profit_factor,
    t.expectancy,
    t.average_win,
    t.average_loss,
    t.best_trade,
    t.worst_trade,
    100 * b.max_drawdown AS max_drawdown_pct,
    u.max_drawdown_bars,
    CASE WHEN b.stddev_return > 0
        THEN b.mean_return / b.stddev_return * SQRT(31536000000.0 / b.interval_ms) END AS sharpe,
    CASE WHEN b.downside_deviation > 0
        THEN b.mean_return / b.downside_deviation * SQRT(31536000000.0 / b.interval_ms)
        END AS sortino,
    100 * b.exposure AS exposure_pct,
    COALESCE(f.fees_paid, 0) AS fees_paid,
    100 * h.buy_hold AS buy_hold_return_pct,
    b.bars
FROM book b
LEFT JOIN trips t ON t.strategy = b.strategy
LEFT JOIN fees f ON f.strategy = b.strategy
LEFT JOIN underwater u ON u.strategy = b.strategy
LEFT JOIN buy_and_hold h ON h.strategy = b.strategy
ORDER BY b.strategy

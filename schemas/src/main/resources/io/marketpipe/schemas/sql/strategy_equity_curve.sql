-- View strategy_equity_curve: each strategy's equity over all its symbols, bar by bar, with its
-- running peak and drawdown. Sums every symbol's change in equity per bar, so a symbol without a
-- bar keeps its last equity. Portable SQL: the same text runs on DuckDB (./pipeline backtest) and
-- on Athena (Trino), over the lake table equity.
WITH keyed AS (
    SELECT
        strategy,
        venue,
        symbol,
        bar_time,
        interval_ms,
        position,
        capital,
        equity - COALESCE(
            LAG(equity) OVER (PARTITION BY strategy, venue, symbol ORDER BY bar_time),
            capital) AS change,
        ROW_NUMBER() OVER (PARTITION BY strategy, venue, symbol ORDER BY bar_time) AS nth
    FROM equity
),
capital AS (
    SELECT strategy, SUM(capital) AS capital, COUNT(*) AS symbols
    FROM keyed
    WHERE nth = 1
    GROUP BY strategy
),
per_bar AS (
    SELECT
        strategy,
        bar_time,
        MAX(interval_ms) AS interval_ms,
        SUM(change) AS change,
        SUM(CASE WHEN position > 0 THEN 1 ELSE 0 END) AS symbols_long,
        COUNT(*) AS symbols_trading
    FROM keyed
    GROUP BY strategy, bar_time
),
running AS (
    SELECT
        b.strategy,
        b.bar_time,
        b.interval_ms,
        b.symbols_long,
        b.symbols_trading,
        c.capital,
        c.symbols,
        c.capital + SUM(b.change) OVER (
            PARTITION BY b.strategy ORDER BY b.bar_time ROWS UNBOUNDED PRECEDING) AS equity
    FROM per_bar b
    JOIN capital c ON b.strategy = c.strategy
)
SELECT
    strategy,
    bar_time,
    ROW_NUMBER() OVER (PARTITION BY strategy ORDER BY bar_time) AS bar_index,
    interval_ms,
    symbols,
    symbols_long,
    symbols_trading,
    capital,
    equity,
    MAX(equity) OVER (
        PARTITION BY strategy ORDER BY bar_time ROWS UNBOUNDED PRECEDING) AS peak,
    1 - CAST(equity AS DOUBLE) / CAST(MAX(equity) OVER (
        PARTITION BY strategy ORDER BY bar_time ROWS UNBOUNDED PRECEDING) AS DOUBLE) AS drawdown,
    CAST(equity AS DOUBLE) / CAST(COALESCE(
        LAG(equity) OVER (PARTITION BY strategy ORDER BY bar_time), capital) AS DOUBLE) - 1
        AS bar_return
FROM running

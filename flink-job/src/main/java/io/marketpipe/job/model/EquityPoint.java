package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * A strategy's book on one symbol at one bar's close. A Flink POJO; money in {@link Decimals}
 * units. {@code equity = capital + realizedPnl + unrealizedPnl}, where unrealized PnL is the open
 * position marked at the close, less its entry fee.
 */
public class EquityPoint {
    public String strategy;
    public Venue venue;
    public String symbol;
    public String interval;
    public long intervalMillis;

    /** Start of the bar, epoch ms. */
    public long barTime;

    public long position;

    /** Entry price of the open position; 0 when flat. */
    public long averageEntry;

    /** The bar's close. */
    public long mark;

    public long realizedPnl;
    public long unrealizedPnl;
    public long equity;

    /** The quote notional the strategy commits per entry: what returns are measured against. */
    public long capital;

    public EquityPoint() {}
}

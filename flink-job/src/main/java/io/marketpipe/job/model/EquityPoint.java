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

    /**
     * Whether the book changed on this bar: the strategy's first bar on the symbol (since its state
     * was last cleared), or a fill that moved the position or the realised PnL.
     */
    public boolean bookChanged;

    public EquityPoint() {}

    /**
     * Whether the positions table takes this point: every bar while a position is open (its mark
     * and PnL move), only a bar that changed the book while flat. So a strategy that stays flat on
     * thousands of symbols costs no writes, and which point a flat position's item holds (the bar
     * it went flat on) follows from the bars alone, whatever restarts happened.
     */
    public boolean updatesPosition() {
        return position != 0 || bookChanged;
    }
}

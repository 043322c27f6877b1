package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;

/**
 * A completed long position: entry and exit, and what it made. A Flink POJO; money in {@link
 * Decimals} units, {@code netPnl = grossPnl - fees}.
 */
public class RoundTrip {
    public String strategy;
    public Venue venue;
    public String symbol;
    public long entryTime;
    public long entryPrice;
    public long exitTime;
    public long exitPrice;
    public long quantity;
    public long grossPnl;

    /** Entry and exit fees. */
    public long fees;

    public long netPnl;

    /** Net PnL over the entry notional, in percent, 8 decimals, half-even. */
    public BigDecimal returnPercent;

    public long holdingMillis;
    public String entryReason;
    public String exitReason;

    public RoundTrip() {}
}

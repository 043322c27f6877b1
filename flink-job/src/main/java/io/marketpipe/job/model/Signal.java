package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * A strategy's decision on one bar: enter (BUY) or leave (SELL), and why. A Flink POJO; the price
 * it was decided at is in {@link Decimals} units (the bar's close, or the stop or target level that
 * the bar touched).
 */
public class Signal {
    public String strategy;
    public Venue venue;
    public String symbol;
    public String interval;
    public String side;
    public String reason;

    /** Start of the bar it was decided on, epoch ms. */
    public long barTime;

    public long price;

    public Signal() {}

    @Override
    public String toString() {
        return strategy
                + ' '
                + venue
                + ':'
                + symbol
                + ' '
                + side
                + ' '
                + reason
                + " @"
                + Decimals.toPlainString(price)
                + " bar "
                + barTime;
    }
}

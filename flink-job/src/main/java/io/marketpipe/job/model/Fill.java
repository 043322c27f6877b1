package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * One simulated execution. A Flink POJO; prices, quantity, fee and slippage cost in {@link
 * Decimals} units (fee and slippage in the quote currency).
 */
public class Fill {
    public String strategy;
    public Venue venue;
    public String symbol;
    public String side;
    public String reason;

    /** When it executed, epoch ms: a bar's open time, or its end for intra-bar and close fills. */
    public long fillTime;

    /** Start of the bar whose signal it executes, epoch ms. */
    public long signalBarTime;

    /** The price before slippage: an open, a stop or target level, or a close. */
    public long referencePrice;

    public long price;
    public long quantity;
    public long fee;
    public long slippage;

    public Fill() {}
}

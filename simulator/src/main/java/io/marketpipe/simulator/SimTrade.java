package io.marketpipe.simulator;

/**
 * A trade the simulator produced. Price and quantity are scaled longs with {@link #SCALE} decimals,
 * exactly as rendered on the wire.
 */
public final class SimTrade {
    public static final int SCALE = 8;

    private final String symbol;
    private final long tradeId;
    private final long priceUnits;
    private final long quantityUnits;
    private final long tradeTimeMillis;
    private final boolean buyerIsMaker;

    public SimTrade(
            String symbol,
            long tradeId,
            long priceUnits,
            long quantityUnits,
            long tradeTimeMillis,
            boolean buyerIsMaker) {
        this.symbol = symbol;
        this.tradeId = tradeId;
        this.priceUnits = priceUnits;
        this.quantityUnits = quantityUnits;
        this.tradeTimeMillis = tradeTimeMillis;
        this.buyerIsMaker = buyerIsMaker;
    }

    public String symbol() {
        return symbol;
    }

    public long tradeId() {
        return tradeId;
    }

    public long priceUnits() {
        return priceUnits;
    }

    public long quantityUnits() {
        return quantityUnits;
    }

    public long tradeTimeMillis() {
        return tradeTimeMillis;
    }

    public boolean buyerIsMaker() {
        return buyerIsMaker;
    }

    /** {@code units} with {@link #SCALE} decimals, as Binance prints them ("68000.12000000"). */
    public static String decimal(long units) {
        long whole = units / 100_000_000L;
        long frac = units % 100_000_000L;
        String fraction = Long.toString(frac);
        return whole + "." + "00000000".substring(fraction.length()) + fraction;
    }

    @Override
    public String toString() {
        return symbol
                + "#"
                + tradeId
                + " "
                + decimal(priceUnits)
                + " x "
                + decimal(quantityUnits)
                + " @"
                + tradeTimeMillis;
    }
}

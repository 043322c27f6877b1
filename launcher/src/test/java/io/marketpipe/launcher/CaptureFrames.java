package io.marketpipe.launcher;

/** Capture lines for replay and backtest tests: Binance combined-stream trade frames. */
final class CaptureFrames {
    private CaptureFrames() {}

    /** A trade of 0.5 at {@code price}, sold by a taker, as Binance's combined stream sends it. */
    static String trade(String symbol, long id, String price, long time) {
        return "{\"stream\":\""
                + symbol.toLowerCase()
                + "@trade\",\"data\":{\"e\":\"trade\",\"E\":"
                + time
                + ",\"s\":\""
                + symbol
                + "\",\"t\":"
                + id
                + ",\"p\":\""
                + price
                + "\",\"q\":\"0.5\",\"T\":"
                + time
                + ",\"m\":false,\"M\":true}}";
    }
}

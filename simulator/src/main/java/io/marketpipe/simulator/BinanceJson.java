package io.marketpipe.simulator;

import io.marketpipe.schemas.symbol.Symbols;

/** Renders Binance spot stream messages as the exchange sends them. */
final class BinanceJson {
    private BinanceJson() {}

    static String streamName(String symbol) {
        return Symbols.streamName(symbol) + "@trade";
    }

    /**
     * A trade event: {"e":"trade","E":..,"s":..,"t":..,"p":"..","q":"..","T":..,"m":..,"M":true}.
     */
    static String trade(SimTrade t, long eventTimeMillis) {
        return new StringBuilder(160)
                .append("{\"e\":\"trade\",\"E\":")
                .append(eventTimeMillis)
                .append(",\"s\":\"")
                .append(t.symbol())
                .append("\",\"t\":")
                .append(t.tradeId())
                .append(",\"p\":\"")
                .append(SimTrade.decimal(t.priceUnits()))
                .append("\",\"q\":\"")
                .append(SimTrade.decimal(t.quantityUnits()))
                .append("\",\"T\":")
                .append(t.tradeTimeMillis())
                .append(",\"m\":")
                .append(t.buyerIsMaker())
                .append(",\"M\":true}")
                .toString();
    }

    /** The combined-stream wrapper: {"stream":"btcusdt@trade","data":{...}}. */
    static String combined(String stream, String data) {
        return "{\"stream\":\"" + stream + "\",\"data\":" + data + "}";
    }

    static String subscriptionAck(long id) {
        return "{\"result\":null,\"id\":" + id + "}";
    }
}

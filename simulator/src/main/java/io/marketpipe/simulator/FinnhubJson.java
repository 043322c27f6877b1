package io.marketpipe.simulator;

import java.math.BigDecimal;
import java.util.List;

/** Renders Finnhub's batched trade message: prices and volumes are JSON numbers, times in ms. */
final class FinnhubJson {
    private FinnhubJson() {}

    static String trades(List<SimTrade> trades) {
        StringBuilder json = new StringBuilder(64 + trades.size() * 96).append("{\"data\":[");
        for (int i = 0; i < trades.size(); i++) {
            SimTrade t = trades.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"c\":null,\"p\":")
                    .append(
                            BigDecimal.valueOf(t.priceUnits(), SimTrade.SCALE)
                                    .stripTrailingZeros()
                                    .toPlainString())
                    .append(",\"s\":\"")
                    .append(t.symbol())
                    .append("\",\"t\":")
                    .append(t.tradeTimeMillis())
                    .append(",\"v\":")
                    .append(
                            BigDecimal.valueOf(t.quantityUnits(), SimTrade.SCALE)
                                    .stripTrailingZeros()
                                    .toPlainString())
                    .append('}');
        }
        return json.append("],\"type\":\"trade\"}").toString();
    }

    static String ping() {
        return "{\"type\":\"ping\"}";
    }
}

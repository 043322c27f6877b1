package io.marketpipe.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import java.math.BigDecimal;

/**
 * Decodes the forwarder's backfill frames: {@code {"backfill":"historicalTrades","symbol":..,
 * "fromId":..,"toId":..,"trades":[{"id","price","qty","quoteQty","time","isBuyerMaker",
 * "isBestMatch"}...]}}, the REST body inside kept byte-exact. Trades keep origin BACKFILL.
 */
public final class BinanceRestDecoder {
    public void decode(RawFrame frame, DecodeSink out) {
        JsonNode root = JsonTrees.object(frame.payload, out);
        if (root == null) {
            return;
        }
        JsonNode symbolNode = root.get("symbol");
        JsonNode list = root.get("trades");
        if (!"historicalTrades".equals(root.path("backfill").asText())
                || symbolNode == null
                || list == null
                || !list.isArray()) {
            out.quarantine(
                    ReasonCode.UNKNOWN_MESSAGE, "backfill frame is not a historicalTrades wrapper");
            return;
        }
        String symbol = symbolNode.asText();
        if (!Symbols.valid(symbol)) {
            out.quarantine(
                    ReasonCode.BAD_SYMBOL, "symbol \"" + symbol + "\" is not [A-Z0-9]{2,20}");
            return;
        }
        if (list.isEmpty()) {
            out.control(); // an empty page: nothing to add
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            if (!t.has("id") || !t.has("price") || !t.has("qty") || !t.has("isBuyerMaker")) {
                out.quarantine(
                        ReasonCode.MISSING_FIELD,
                        "backfilled trade " + i + " lacks id, price, qty or isBuyerMaker");
                continue;
            }
            long price = units(JsonTrees.decimal(t.get("price")));
            if (price <= 0) {
                out.quarantine(
                        ReasonCode.BAD_PRICE,
                        "backfilled trade " + i + ": price " + t.get("price"));
                continue;
            }
            long quantity = units(JsonTrees.decimal(t.get("qty")));
            if (quantity <= 0) {
                out.quarantine(
                        ReasonCode.BAD_QUANTITY, "backfilled trade " + i + ": qty " + t.get("qty"));
                continue;
            }
            long time =
                    t.path("time").canConvertToLong()
                            ? Timestamps.toMillis(t.path("time").asLong())
                            : -1;
            if (time < 0) {
                out.quarantine(
                        ReasonCode.BAD_TIMESTAMP,
                        "backfilled trade " + i + ": time " + t.get("time"));
                continue;
            }
            out.trade(
                    new Trade(
                            "BINANCE",
                            symbol,
                            t.get("id").asLong(),
                            price,
                            quantity,
                            time,
                            time,
                            t.get("isBuyerMaker").asBoolean(),
                            frame.receivedMicros,
                            frame.origin));
        }
    }

    private static long units(BigDecimal value) {
        if (value == null) {
            return -1;
        }
        try {
            return Decimals.fromBigDecimal(value);
        } catch (ArithmeticException e) {
            return -1;
        }
    }
}

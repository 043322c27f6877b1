package io.marketpipe.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;

/**
 * Decodes the forwarder's backfill frames: {@code {"backfill":"historicalTrades","symbol":..,
 * "fromId":..,"toId":..,"trades":[{"id","price","qty","quoteQty","time","isBuyerMaker",
 * "isBestMatch"}...]}}, the REST body inside kept byte-exact. Trades keep origin BACKFILL.
 */
public final class BinanceRestDecoder {
    private final TradeRules rules;

    public BinanceRestDecoder(TradeRules rules) {
        this.rules = rules;
    }

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
        String fault =
                symbolNode.isTextual()
                        ? TradeRules.symbolFault(symbol)
                        : TradeRules.notText("symbol", symbolNode);
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_SYMBOL, fault);
            return;
        }
        if (list.isEmpty()) {
            out.control(); // an empty page: nothing to add
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            trade(frame, symbol, list.get(i), "backfilled trade " + i + ": ", out);
        }
    }

    private void trade(RawFrame frame, String symbol, JsonNode t, String where, DecodeSink out) {
        JsonNode id = present(t.get("id"));
        JsonNode price = present(t.get("price"));
        JsonNode qty = present(t.get("qty"));
        JsonNode time = present(t.get("time"));
        JsonNode maker = present(t.get("isBuyerMaker"));
        if (id != null && (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 0)) {
            out.quarantine(
                    ReasonCode.MALFORMED, where + "id " + id + " is not a whole number >= 0");
            return;
        }
        if (maker != null && !maker.isBoolean()) {
            out.quarantine(
                    ReasonCode.MALFORMED,
                    where + "isBuyerMaker " + maker + " is not true or false");
            return;
        }
        if (id == null || price == null || qty == null || time == null || maker == null) {
            out.quarantine(
                    ReasonCode.MISSING_FIELD, where + "lacks id, price, qty, time or isBuyerMaker");
            return;
        }
        long millis =
                time.isIntegralNumber() && time.canConvertToLong()
                        ? Timestamps.toMillis(time.asLong())
                        : -1;
        long priceUnits = units(JsonTrees.decimal(price));
        long quantityUnits = units(JsonTrees.decimal(qty));
        if (rules.rejects(
                out,
                where,
                symbol,
                priceUnits,
                price,
                quantityUnits,
                qty,
                millis,
                time,
                frame.receivedMicros)) {
            return;
        }
        out.trade(
                new Trade(
                        Venue.BINANCE,
                        symbol,
                        id.asLong(),
                        priceUnits,
                        quantityUnits,
                        millis,
                        millis,
                        maker.asBoolean(),
                        frame.receivedMicros,
                        frame.origin));
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
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

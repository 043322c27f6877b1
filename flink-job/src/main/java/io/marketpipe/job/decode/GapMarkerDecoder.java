package io.marketpipe.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Text;

/**
 * Decodes the forwarder's gap markers, {@code
 * {"gap":"unrecoverable","symbol":..,"fromId":..,"toId":..,"reason":..}}: trade ids it saw missing
 * and could not fetch over REST. Each becomes a {@link Gap}, a row of the lake table {@code gaps},
 * so a data consumer can see every known hole. Plain Java.
 */
final class GapMarkerDecoder {
    /** A reason longer than this is cut: it is the forwarder's words, not data. */
    static final int MAX_REASON_CHARS = 500;

    void decode(RawFrame frame, DecodeSink out) {
        JsonNode root = JsonTrees.object(frame.payload, out);
        if (root == null) {
            return;
        }
        if (!"unrecoverable".equals(root.path("gap").asText())) {
            out.quarantine(
                    ReasonCode.UNKNOWN_MESSAGE, "a gap marker that is not \"unrecoverable\"");
            return;
        }
        JsonNode from = present(root.get("fromId"));
        JsonNode to = present(root.get("toId"));
        if (from != null && !id(from) || to != null && !id(to)) {
            out.quarantine(
                    ReasonCode.MALFORMED,
                    "gap ids " + from + ".." + to + " are not whole numbers >= 0");
            return;
        }
        JsonNode symbol = present(root.get("symbol"));
        if (symbol == null || from == null || to == null) {
            out.quarantine(ReasonCode.MISSING_FIELD, "a gap marker lacks symbol, fromId or toId");
            return;
        }
        String fault =
                symbol.isTextual()
                        ? TradeRules.symbolFault(symbol.asText())
                        : TradeRules.notText("symbol", symbol);
        if (fault != null) {
            out.quarantine(ReasonCode.BAD_SYMBOL, fault);
            return;
        }
        if (from.asLong() > to.asLong()) {
            out.quarantine(
                    ReasonCode.MALFORMED,
                    "gap from id " + from.asLong() + " is after its last id " + to.asLong());
            return;
        }
        if (from.asLong() == 0 && to.asLong() == Long.MAX_VALUE) {
            // its count, to - from + 1, is no long
            out.quarantine(
                    ReasonCode.MALFORMED,
                    "gap ids 0.." + Long.MAX_VALUE + " are more than a count can hold");
            return;
        }
        Gap gap = new Gap();
        gap.venue = frame.venue;
        gap.symbol = symbol.asText();
        gap.fromId = from.asLong();
        gap.toId = to.asLong();
        String reason = Text.escaped(root.path("reason").asText(""));
        gap.reason =
                reason.length() <= MAX_REASON_CHARS
                        ? reason
                        : reason.substring(0, MAX_REASON_CHARS) + "...";
        gap.connectionId = frame.connectionId;
        gap.sequence = frame.sequence;
        gap.detectedMicros = frame.receivedMicros;
        out.gap(gap);
    }

    private static boolean id(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0;
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}

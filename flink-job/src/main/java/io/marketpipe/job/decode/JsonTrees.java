package io.marketpipe.job.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.math.BigDecimal;

/** Small helpers for the decoders that read a JSON tree (Finnhub, REST backfill). */
final class JsonTrees {
    /** Decimals exact; duplicate names refused (RFC 7493): {@code "t"} twice is MALFORMED. */
    static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(
                            com.fasterxml.jackson.databind.DeserializationFeature
                                    .USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonTrees() {}

    /**
     * The frame's JSON object, or null after quarantining it as MALFORMED: not strict UTF-8 ({@link
     * StrictUtf8}), not JSON, a name twice in one object, not an object, or holding a number no
     * decimal can represent (an exponent beyond an int: Jackson refuses the whole document with a
     * NumberFormatException, not an IOException).
     */
    static JsonNode object(byte[] payload, DecodeSink out) {
        String utf8 = StrictUtf8.fault(payload);
        if (utf8 != null) {
            out.quarantine(io.marketpipe.job.model.ReasonCode.MALFORMED, "invalid JSON: " + utf8);
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            out.quarantine(
                    io.marketpipe.job.model.ReasonCode.MALFORMED,
                    "invalid JSON: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            root = null;
        } catch (NumberFormatException e) {
            out.quarantine(
                    io.marketpipe.job.model.ReasonCode.MALFORMED,
                    "invalid JSON: a number no decimal can hold");
            return null;
        }
        if (root == null || !root.isObject()) {
            out.quarantine(
                    io.marketpipe.job.model.ReasonCode.MALFORMED,
                    root == null ? "invalid JSON" : "not a JSON object");
            return null;
        }
        return root;
    }

    /**
     * Digits and scale beyond which a number is refused by its size before any arithmetic (the lake
     * holds 38 digits; 1e100000000 would take minutes to rescale).
     */
    static final int MAX_DIGITS = 64;

    /**
     * A number or numeric string as an exact decimal, or null when it is none or out of all bounds
     * (infinite, or more than {@value #MAX_DIGITS} digits or scale).
     */
    static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        BigDecimal value;
        try {
            if (node.isNumber()) {
                if (!node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
                    return null;
                }
                value = node.decimalValue();
            } else if (node.getNodeType() == JsonNodeType.STRING) {
                if (!asciiNumber(node.asText())) {
                    return null; // BigDecimal reads any script's digits: "２２７" is 227 to it
                }
                value = new BigDecimal(node.asText());
            } else {
                return null;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        return Math.abs((long) value.scale()) > MAX_DIGITS || value.precision() > MAX_DIGITS
                ? null
                : value;
    }

    /** Whether {@code text} holds only what an ASCII decimal number can: 0-9 . e E + -. */
    private static boolean asciiNumber(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
                return false;
            }
        }
        return true;
    }
}

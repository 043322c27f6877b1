package io.marketpipe.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.math.BigDecimal;

/** Small helpers for the decoders that read a JSON tree (Finnhub, REST backfill). */
final class JsonTrees {
    static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(
                            com.fasterxml.jackson.databind.DeserializationFeature
                                    .USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonTrees() {}

    /** The tree, or null when the bytes are not one JSON value. */
    static JsonNode parse(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            return null;
        }
    }

    /** The frame's JSON object, or null after quarantining it as MALFORMED. */
    static JsonNode object(byte[] payload, DecodeSink out) {
        JsonNode root = parse(payload);
        if (root == null || !root.isObject()) {
            out.quarantine(
                    io.marketpipe.job.model.ReasonCode.MALFORMED,
                    root == null ? "invalid JSON" : "not a JSON object");
            return null;
        }
        return root;
    }

    /** A number or numeric string as an exact decimal, or null. */
    static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.getNodeType() == JsonNodeType.STRING) {
            try {
                return new BigDecimal(node.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}

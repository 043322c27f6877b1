package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.model.Trade;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A trade's latest-price item as the DynamoDB sink builds it, with every string encoded as the SDK
 * sends it (strict UTF-8), and its size checked against DynamoDB's 400 KB: for fuzz targets.
 */
public final class DynamoEncoding {
    private DynamoEncoding() {}

    /** The latest-price item's size in bytes; throws if any of its strings cannot be sent. */
    public static int latestPriceItem(Trade trade) throws CharacterCodingException {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : DynamoLatestPriceStore.item(trade).entrySet()) {
            size += utf8(e.getKey());
            AttributeValue v = e.getValue();
            size += utf8(v.s() != null ? v.s() : v.n() != null ? v.n() : String.valueOf(v.bool()));
        }
        if (size > 400 * 1024) {
            throw new IllegalStateException("an item of " + size + " bytes");
        }
        return size;
    }

    private static int utf8(String s) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(s))
                .remaining();
    }
}

package io.marketpipe.ingest.backfill;

import io.marketpipe.schemas.sbe.binance.MessageHeaderDecoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;
import org.agrona.concurrent.UnsafeBuffer;

/** Trade ids in Binance trade frames, found without a full decode. Not thread-safe. */
public final class TradeIds {
    private static final byte[] TRADE_EVENT = "\"e\":\"trade\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_FIELD = "\"t\":".getBytes(StandardCharsets.US_ASCII);

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradesStreamEventDecoder trades = new TradesStreamEventDecoder();

    /** The id of a JSON {@code trade} event (raw or combined), or -1. */
    public static long jsonTradeId(byte[] frame) {
        if (indexOf(frame, TRADE_EVENT, 0) < 0) {
            return -1;
        }
        int at = indexOf(frame, ID_FIELD, 0);
        if (at < 0) {
            return -1;
        }
        long id = 0;
        int digits = 0;
        for (int i = at + ID_FIELD.length;
                i < frame.length && frame[i] >= '0' && frame[i] <= '9' && digits < 19;
                i++, digits++) {
            id = id * 10 + (frame[i] - '0');
        }
        return digits == 0 ? -1 : id;
    }

    /** Each trade id of an SBE TradesStreamEvent (template 10000); nothing for anything else. */
    public void sbeTradeIds(byte[] frame, LongConsumer ids) {
        if (frame.length < MessageHeaderDecoder.ENCODED_LENGTH) {
            return;
        }
        buffer.wrap(frame);
        header.wrap(buffer, 0);
        if (header.schemaId() != TradesStreamEventDecoder.SCHEMA_ID
                || header.templateId() != TradesStreamEventDecoder.TEMPLATE_ID) {
            return;
        }
        try {
            trades.wrap(
                    buffer,
                    MessageHeaderDecoder.ENCODED_LENGTH,
                    header.blockLength(),
                    header.version());
            for (TradesStreamEventDecoder.TradesDecoder t = trades.trades(); t.hasNext(); ) {
                ids.accept(t.next().id());
            }
        } catch (IndexOutOfBoundsException | IllegalStateException truncated) {
            // a truncated frame: the job quarantines it; its ids are not trusted
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

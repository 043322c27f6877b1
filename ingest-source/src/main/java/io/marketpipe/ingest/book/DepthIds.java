package io.marketpipe.ingest.book;

import io.marketpipe.schemas.sbe.binance.DepthDiffStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.MessageHeaderDecoder;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The first and last update ids of a Binance depth diff, found without a full decode: JSON {@code
 * depthUpdate} ({@code "U"} and {@code "u"}) and SBE {@code DepthDiffStreamEvent} (10003). The job
 * checks every frame properly; these only tell the forwarder when a symbol's book needs a new
 * snapshot. Not thread-safe.
 */
final class DepthIds {
    private static final byte[] DEPTH_EVENT =
            "\"e\":\"depthUpdate\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FIRST = "\"U\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST = "\"u\":".getBytes(StandardCharsets.US_ASCII);

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DepthDiffStreamEventDecoder diff = new DepthDiffStreamEventDecoder();

    /** {first, last} of a JSON depth diff, or null when the frame is none. */
    static long[] json(byte[] frame) {
        if (indexOf(frame, DEPTH_EVENT) < 0) {
            return null;
        }
        long first = number(frame, FIRST);
        long last = number(frame, LAST);
        return first < 0 || last < first ? null : new long[] {first, last};
    }

    /** {first, last} of an SBE depth diff, or null when the frame is none or is torn. */
    long[] sbe(byte[] frame) {
        if (frame.length < MessageHeaderDecoder.ENCODED_LENGTH) {
            return null;
        }
        buffer.wrap(frame);
        header.wrap(buffer, 0);
        if (header.schemaId() != DepthDiffStreamEventDecoder.SCHEMA_ID
                || header.templateId() != DepthDiffStreamEventDecoder.TEMPLATE_ID
                || header.blockLength() < DepthDiffStreamEventDecoder.BLOCK_LENGTH
                || frame.length
                        < MessageHeaderDecoder.ENCODED_LENGTH
                                + DepthDiffStreamEventDecoder.BLOCK_LENGTH) {
            return null;
        }
        diff.wrap(
                buffer,
                MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(),
                header.version());
        long first = diff.firstBookUpdateId();
        long last = diff.lastBookUpdateId();
        return first < 0 || last < first ? null : new long[] {first, last};
    }

    private static long number(byte[] frame, byte[] field) {
        int at = indexOf(frame, field);
        if (at < 0) {
            return -1;
        }
        long n = 0;
        int digits = 0;
        for (int i = at + field.length;
                i < frame.length && frame[i] >= '0' && frame[i] <= '9' && digits < 18;
                i++, digits++) {
            n = n * 10 + (frame[i] - '0');
        }
        return digits == 0 ? -1 : n;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
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

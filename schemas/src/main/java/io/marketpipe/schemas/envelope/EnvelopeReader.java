package io.marketpipe.schemas.envelope;

import static io.marketpipe.schemas.envelope.EnvelopeFormat.FRAME_HEADER_LENGTH;
import static io.marketpipe.schemas.envelope.EnvelopeFormat.MAGIC;
import static io.marketpipe.schemas.envelope.EnvelopeFormat.RECORD_HEADER_LENGTH;
import static io.marketpipe.schemas.envelope.EnvelopeFormat.VERSION;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Unpacks envelope records. A record is checked whole before any frame is visited, so a damaged
 * record yields either all of its frames or an {@link EnvelopeException}, never a prefix.
 */
public final class EnvelopeReader {
    private EnvelopeReader() {}

    /** Whether {@code record} starts like an envelope (magic and version). */
    public static boolean looksLikeEnvelope(byte[] record) {
        return record.length >= RECORD_HEADER_LENGTH
                && ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getShort(0) == MAGIC
                && record[2] == VERSION;
    }

    /** Visits every frame in order; returns the frame count. */
    public static int read(byte[] record, FrameVisitor visitor) throws EnvelopeException {
        ByteBuffer buf = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        int frames = check(buf);
        int headerLength = Short.toUnsignedInt(buf.getShort(6));
        int pos = RECORD_HEADER_LENGTH;
        for (int i = 0; i < frames; i++) {
            Origin origin = Origin.ofCode(buf.get(pos + 2));
            int payloadLength = buf.getInt(pos + 24);
            visitor.frame(
                    Venue.ofCode(buf.get(pos)),
                    Encoding.ofCode(buf.get(pos + 1)),
                    origin,
                    Integer.toUnsignedLong(buf.getInt(pos + 4)),
                    buf.getLong(pos + 8),
                    buf.getLong(pos + 16),
                    record,
                    pos + headerLength,
                    payloadLength);
            pos += headerLength + payloadLength;
        }
        return frames;
    }

    private static int check(ByteBuffer buf) throws EnvelopeException {
        int length = buf.limit();
        if (length < RECORD_HEADER_LENGTH) {
            throw new EnvelopeException("record of " + length + " bytes is shorter than a header");
        }
        if (buf.getShort(0) != MAGIC) {
            throw new EnvelopeException("not an envelope: bad magic");
        }
        if (buf.get(2) != VERSION) {
            throw new EnvelopeException("unsupported envelope version " + buf.get(2));
        }
        int frames = Short.toUnsignedInt(buf.getShort(4));
        int headerLength = Short.toUnsignedInt(buf.getShort(6));
        if (headerLength < FRAME_HEADER_LENGTH) {
            throw new EnvelopeException("frame header length " + headerLength + " is too short");
        }
        int pos = RECORD_HEADER_LENGTH;
        for (int i = 0; i < frames; i++) {
            if (length - pos < headerLength) {
                throw new EnvelopeException("frame " + i + " header is truncated");
            }
            if (Origin.ofCode(buf.get(pos + 2)) == null) {
                throw new EnvelopeException(
                        "frame " + i + " has unknown origin " + buf.get(pos + 2));
            }
            int payloadLength = buf.getInt(pos + 24);
            if (payloadLength < 0 || payloadLength > length - pos - headerLength) {
                throw new EnvelopeException("frame " + i + " payload is truncated");
            }
            pos += headerLength + payloadLength;
        }
        if (pos != length) {
            throw new EnvelopeException(
                    (length - pos) + " trailing bytes after " + frames + " frames");
        }
        return frames;
    }
}

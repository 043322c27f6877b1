package io.marketpipe.schemas.envelope;

import static io.marketpipe.schemas.envelope.EnvelopeFormat.FRAME_HEADER_LENGTH;
import static io.marketpipe.schemas.envelope.EnvelopeFormat.MAGIC;
import static io.marketpipe.schemas.envelope.EnvelopeFormat.MAX_FRAMES;
import static io.marketpipe.schemas.envelope.EnvelopeFormat.VERSION;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Packs frames into one envelope record. Reusable: {@link #reset()} keeps the buffer. Not
 * thread-safe.
 */
public final class EnvelopeWriter {
    private ByteBuffer buf;
    private int frames;

    public EnvelopeWriter(int initialCapacity) {
        buf = ByteBuffer.allocate(Math.max(initialCapacity, 256)).order(ByteOrder.LITTLE_ENDIAN);
        reset();
    }

    /** Bytes a frame with {@code payloadLength} bytes adds to a record. */
    public static int encodedLength(int payloadLength) {
        return FRAME_HEADER_LENGTH + payloadLength;
    }

    public void reset() {
        buf.clear();
        buf.putShort(MAGIC).put(VERSION).put((byte) 0).putShort((short) 0);
        buf.putShort((short) FRAME_HEADER_LENGTH);
        frames = 0;
    }

    public int frameCount() {
        return frames;
    }

    /** Encoded size of the record so far. */
    public int size() {
        return buf.position();
    }

    public boolean isEmpty() {
        return frames == 0;
    }

    public void append(
            Venue venue,
            Encoding encoding,
            Origin origin,
            long connectionId,
            long sequence,
            long receivedMicros,
            byte[] payload,
            int offset,
            int length) {
        if (frames == MAX_FRAMES) {
            throw new IllegalStateException("a record holds at most " + MAX_FRAMES + " frames");
        }
        if (encoding.code() < 0 || origin.code() < 0) {
            throw new IllegalArgumentException(encoding + "/" + origin + " cannot be on the wire");
        }
        ensureCapacity(FRAME_HEADER_LENGTH + length);
        buf.put(venue.code()).put(encoding.code()).put(origin.code()).put((byte) 0);
        buf.putInt((int) connectionId).putLong(sequence).putLong(receivedMicros).putInt(length);
        buf.put(payload, offset, length);
        frames++;
        buf.putShort(4, (short) frames);
    }

    /** A copy of the record. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private void ensureCapacity(int extra) {
        if (buf.remaining() < extra) {
            int needed = buf.position() + extra;
            ByteBuffer bigger =
                    ByteBuffer.allocate(Math.max(needed, buf.capacity() * 2))
                            .order(ByteOrder.LITTLE_ENDIAN);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }
}

package io.marketpipe.schemas.envelope;

/** Receives each frame of a record; the payload is a view into the record's bytes. */
@FunctionalInterface
public interface FrameVisitor {
    void frame(
            Venue venue,
            Encoding encoding,
            Origin origin,
            long connectionId,
            long sequence,
            long receivedMicros,
            byte[] buffer,
            int payloadOffset,
            int payloadLength);
}

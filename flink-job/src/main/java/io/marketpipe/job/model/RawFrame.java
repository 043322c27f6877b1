package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.Arrays;

/**
 * One frame as the forwarder received it, unpacked from its envelope or read from a capture file. A
 * Flink POJO. When the input could not be read as frames at all (a Kinesis record that is not an
 * envelope, a capture line that does not parse), {@code unreadable} says why and {@code payload}
 * holds the input as it was.
 */
public class RawFrame {
    public Venue venue;
    public Encoding encoding;
    public Origin origin;
    public long connectionId;
    public long sequence;
    public long receivedMicros;
    public byte[] payload;
    public String unreadable;

    /**
     * True when {@code receivedMicros} is only when a reader read a capture line that carries no
     * receive time (not when the forwarder received the frame): it then names nothing about the
     * input, and a quarantine id leaves it out, so replaying a capture twice gives the same ids.
     */
    public boolean receiveTimeIsReadTime;

    /**
     * True for a stand-in of a frame whose payload travels with another record: the frame's later
     * late trades carry its header only, since the first one carries its bytes (see {@link
     * #withoutPayload}).
     */
    public boolean payloadOmitted;

    /** The payload's SHA-256, taken at most once (see {@link #sha256}); not part of the POJO. */
    private transient byte[] sha256;

    public RawFrame() {}

    public RawFrame(
            Venue venue,
            Encoding encoding,
            Origin origin,
            long connectionId,
            long sequence,
            long receivedMicros,
            byte[] payload) {
        this.venue = venue;
        this.encoding = encoding;
        this.origin = origin;
        this.connectionId = connectionId;
        this.sequence = sequence;
        this.receivedMicros = receivedMicros;
        this.payload = payload;
    }

    /** A frame as an envelope carried it: its header fields and a copy of its payload. */
    public static RawFrame fromEnvelope(
            Venue venue,
            Encoding encoding,
            Origin origin,
            long connectionId,
            long sequence,
            long receivedMicros,
            byte[] buffer,
            int offset,
            int length) {
        return new RawFrame(
                venue,
                encoding,
                origin,
                connectionId,
                sequence,
                receivedMicros,
                Arrays.copyOfRange(buffer, offset, offset + length));
    }

    public static RawFrame unreadable(byte[] record, String error, long receivedMicros) {
        RawFrame frame =
                new RawFrame(
                        Venue.UNKNOWN, Encoding.UNKNOWN, Origin.LIVE, 0, 0, receivedMicros, record);
        frame.unreadable = error;
        return frame;
    }

    /**
     * The SHA-256 of {@link #payload}, computed on the first call and kept: every quarantine record
     * of a frame names it, and a frame can give many.
     */
    public byte[] sha256() {
        if (sha256 == null) {
            sha256 = Quarantined.sha256(payload);
        }
        return sha256;
    }

    /** This frame's header without its payload, {@link #payloadOmitted} set. */
    public RawFrame withoutPayload() {
        RawFrame stub =
                new RawFrame(
                        venue,
                        encoding,
                        origin,
                        connectionId,
                        sequence,
                        receivedMicros,
                        new byte[0]);
        stub.unreadable = unreadable;
        stub.receiveTimeIsReadTime = receiveTimeIsReadTime;
        stub.payloadOmitted = true;
        return stub;
    }

    /**
     * This frame, marked as having no receive time of its own (see {@link #receiveTimeIsReadTime}).
     */
    public RawFrame readNow() {
        receiveTimeIsReadTime = true;
        return this;
    }
}

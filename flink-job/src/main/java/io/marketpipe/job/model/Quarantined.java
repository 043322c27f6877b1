package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Venue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * An input that is not a valid event, with the reason. A Flink POJO. It always fits a Kinesis
 * record (1 MiB): the raw bytes are cut at {@value #MAX_RAW_BYTES} (base64 adds a third), keeping
 * the whole input's size and SHA-256 in the detail, and the detail at {@value #MAX_DETAIL_CHARS}
 * characters, its copied input text escaped ({@link Text#escaped}). Its {@link #id} is the same
 * every time the same input is quarantined for the same reason (a replay, a restart of an
 * at-least-once sink), so consumers can drop repeats.
 */
public class Quarantined {
    public static final int MAX_RAW_BYTES = 256 * 1024;
    public static final int MAX_DETAIL_CHARS = 1_000;

    /** Deterministic: see {@link #idOf}. */
    public String id;

    public ReasonCode reason;
    public Venue venue;
    public Encoding encoding;
    public byte[] raw;
    public String detail;
    public long connectionId;
    public long sequence;
    public long ingestMicros;

    public Quarantined() {}

    public static Quarantined of(RawFrame frame, ReasonCode reason, String detail) {
        return of(frame, reason, detail, detail);
    }

    /**
     * As {@link #of(RawFrame, ReasonCode, String)}, with the id made from {@code identity} instead
     * of the detail, for a detail that says something a rerun may not repeat (how far behind the
     * watermark a late trade was).
     */
    public static Quarantined of(
            RawFrame frame, ReasonCode reason, String detail, String identity) {
        Quarantined q = new Quarantined();
        q.reason = reason;
        q.venue = frame.venue;
        q.encoding = frame.encoding;
        q.raw = frame.payload;
        byte[] digest = frame.sha256();
        String cut = "";
        if (frame.payload.length > MAX_RAW_BYTES) {
            q.raw = Arrays.copyOf(frame.payload, MAX_RAW_BYTES);
            cut =
                    " [raw cut at "
                            + MAX_RAW_BYTES
                            + " of "
                            + frame.payload.length
                            + " bytes, sha256 "
                            + hex(digest, 32)
                            + "]";
        }
        if (frame.payloadOmitted) {
            cut =
                    " (the raw frame is in the record of this frame's first late trade, sequence "
                            + frame.sequence
                            + ")";
        }
        q.detail = capped(Text.escaped(detail), cut);
        q.connectionId = frame.connectionId;
        q.sequence = frame.sequence;
        q.ingestMicros = frame.receivedMicros;
        q.id =
                idOf(
                        q.venue,
                        q.encoding,
                        q.connectionId,
                        q.sequence,
                        frame.receiveTimeIsReadTime ? 0 : q.ingestMicros,
                        reason,
                        identity,
                        digest);
        return q;
    }

    /** {@code detail} then {@code suffix}, in at most {@value #MAX_DETAIL_CHARS} characters. */
    static String capped(String detail, String suffix) {
        if (detail.length() + suffix.length() <= MAX_DETAIL_CHARS) {
            return detail + suffix;
        }
        String more = "... (" + detail.length() + " characters)" + suffix;
        return detail.substring(0, Math.max(0, MAX_DETAIL_CHARS - more.length())) + more;
    }

    /**
     * The id of a quarantine record: the first 128 bits of a SHA-256, in hex, over where the input
     * came from (venue, encoding, connection, sequence, receive time), the reason, what names the
     * bad part ({@code identity}: the detail, unless a rerun would word it differently) and the
     * SHA-256 of the whole input ({@code inputSha256}, taken once per input however many records it
     * gives: a frame of 350,000 bad elements was hashed whole for each of them).
     */
    public static String idOf(
            Venue venue,
            Encoding encoding,
            long connectionId,
            long sequence,
            long ingestMicros,
            ReasonCode reason,
            String identity,
            byte[] inputSha256) {
        MessageDigest digest = sha256();
        String head =
                venue.name()
                        + '\n'
                        + encoding
                        + '\n'
                        + connectionId
                        + '\n'
                        + sequence
                        + '\n'
                        + ingestMicros
                        + '\n'
                        + reason.name()
                        + '\n'
                        + identity
                        + '\n';
        digest.update(head.getBytes(StandardCharsets.UTF_8));
        digest.update(inputSha256);
        return hex(digest.digest(), 16);
    }

    /** The SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes, int count) {
        StringBuilder hex = new StringBuilder(2 * count);
        for (int i = 0; i < count; i++) {
            hex.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16))
                    .append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return hex.toString();
    }
}

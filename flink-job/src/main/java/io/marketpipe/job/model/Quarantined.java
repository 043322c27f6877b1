package io.marketpipe.job.model;

/**
 * An input that is not a valid event, with the reason. A Flink POJO. It always fits a Kinesis
 * record (1 MiB): the raw bytes are cut at {@value #MAX_RAW_BYTES} (base64 adds a third), keeping
 * the whole input's size and SHA-256 in the detail, and the detail at {@value #MAX_DETAIL_CHARS}
 * characters.
 */
public class Quarantined {
    public static final int MAX_RAW_BYTES = 256 * 1024;
    public static final int MAX_DETAIL_CHARS = 1_000;

    public String reason;
    public String venue;
    public String encoding;
    public byte[] raw;
    public String detail;
    public long connectionId;
    public long sequence;
    public long ingestMicros;

    public Quarantined() {}

    public static Quarantined of(RawFrame frame, ReasonCode reason, String detail) {
        Quarantined q = new Quarantined();
        q.reason = reason.name();
        q.venue = frame.venue;
        q.encoding = frame.encoding;
        q.detail =
                detail.length() <= MAX_DETAIL_CHARS
                        ? detail
                        : detail.substring(0, MAX_DETAIL_CHARS)
                                + "... ("
                                + detail.length()
                                + " characters)";
        q.raw = frame.payload;
        if (frame.payload.length > MAX_RAW_BYTES) {
            q.raw = java.util.Arrays.copyOf(frame.payload, MAX_RAW_BYTES);
            q.detail +=
                    " [raw cut at "
                            + MAX_RAW_BYTES
                            + " of "
                            + frame.payload.length
                            + " bytes, sha256 "
                            + sha256(frame.payload)
                            + "]";
        }
        q.connectionId = frame.connectionId;
        q.sequence = frame.sequence;
        q.ingestMicros = frame.receivedMicros;
        return q;
    }

    private static String sha256(byte[] bytes) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder hex = new StringBuilder(64);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16))
                        .append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

package io.marketpipe.job.model;

/** An input that is not a valid event, with the reason. A Flink POJO. */
public class Quarantined {
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
        q.raw = frame.payload;
        q.detail = detail;
        q.connectionId = frame.connectionId;
        q.sequence = frame.sequence;
        q.ingestMicros = frame.receivedMicros;
        return q;
    }
}

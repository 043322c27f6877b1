package io.marketpipe.job.model;

/**
 * One frame as the forwarder received it, unpacked from its envelope. A Flink POJO. When the
 * Kinesis record itself was not a valid envelope, {@code envelopeError} says why and {@code
 * payload} holds the whole record.
 */
public class RawFrame {
    public String venue;
    public String encoding;
    public String origin;
    public long connectionId;
    public long sequence;
    public long receivedMicros;
    public byte[] payload;
    public String envelopeError;

    public RawFrame() {}

    public RawFrame(
            String venue,
            String encoding,
            String origin,
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

    public static RawFrame badEnvelope(byte[] record, String error, long receivedMicros) {
        RawFrame frame = new RawFrame("UNKNOWN", "UNKNOWN", "LIVE", 0, 0, receivedMicros, record);
        frame.envelopeError = error;
        return frame;
    }
}

package io.marketpipe.ingest.envelope;

import io.marketpipe.schemas.envelope.EnvelopeFormat;
import java.time.Duration;

/**
 * How frames are packed into Kinesis records.
 *
 * @param maxRecordBytes seal a record once it reaches this size (Kinesis allows 1 MiB)
 * @param linger seal a record once its first frame has waited this long
 * @param maxBufferedBytes bytes held (open and sealed, not yet acknowledged) before producers block
 * @param perShard pack all frames bound for one shard into shared records (else one record stream
 *     per partition key); a symbol's frames reach the same shard, in order, either way
 */
public record BatcherConfig(
        int maxRecordBytes, Duration linger, long maxBufferedBytes, boolean perShard) {
    /** 64 KiB records, 50 ms linger, 64 MiB buffer, packed per shard. */
    public static final BatcherConfig DEFAULTS =
            new BatcherConfig(64 * 1024, Duration.ofMillis(50), 64L << 20, true);

    public BatcherConfig {
        if (maxRecordBytes < 1024 || maxRecordBytes > EnvelopeFormat.MAX_RECORD_BYTES) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be within 1024.."
                            + EnvelopeFormat.MAX_RECORD_BYTES
                            + ", was "
                            + maxRecordBytes);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must be >= 0");
        }
        if (maxBufferedBytes < 2L * maxRecordBytes) {
            throw new IllegalArgumentException("maxBufferedBytes must hold at least two records");
        }
    }

    /** Packed per shard. */
    public BatcherConfig(int maxRecordBytes, Duration linger, long maxBufferedBytes) {
        this(maxRecordBytes, linger, maxBufferedBytes, true);
    }
}

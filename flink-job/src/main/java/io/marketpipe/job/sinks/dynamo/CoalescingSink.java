package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * A DynamoDB table written by a {@link CoalescingWriter}: the settings every such sink shares (the
 * table, the AWS settings, a flush interval, written also on every checkpoint, and how many writes
 * a subtask has in flight at once).
 */
abstract class CoalescingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    protected final AwsSettings aws;
    protected final String table;
    protected final long flushIntervalMillis;
    protected final int inFlight;

    CoalescingSink(AwsSettings aws, String table, long flushIntervalMillis, int inFlight) {
        if (flushIntervalMillis <= 0) {
            throw new IllegalArgumentException("flush interval must be > 0 ms");
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("in-flight writes must be >= 1, was " + inFlight);
        }
        this.aws = aws;
        this.table = table;
        this.flushIntervalMillis = flushIntervalMillis;
        this.inFlight = inFlight;
    }
}

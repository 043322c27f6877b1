package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * A DynamoDB table written by a {@link CoalescingWriter}: the settings every such sink shares (the
 * table, the AWS settings and a flush interval, written also on every checkpoint).
 */
abstract class CoalescingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    protected final AwsSettings aws;
    protected final String table;
    protected final long flushIntervalMillis;

    CoalescingSink(AwsSettings aws, String table, long flushIntervalMillis) {
        if (flushIntervalMillis <= 0) {
            throw new IllegalArgumentException("flush interval must be > 0 ms");
        }
        this.aws = aws;
        this.table = table;
        this.flushIntervalMillis = flushIntervalMillis;
    }
}

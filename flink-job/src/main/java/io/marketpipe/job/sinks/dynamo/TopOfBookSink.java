package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.model.BookTop;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * The latest in-sync best bid and ask per venue and symbol in DynamoDB, coalesced per symbol like
 * the latest price, and conditional on the book's update id, so the item never goes back to an
 * older book on replay, restart or reordering. Only in-sync tops with both sides come here.
 */
public final class TopOfBookSink extends CoalescingSink<BookTop> {
    private static final long serialVersionUID = 1L;

    public TopOfBookSink(AwsSettings aws, String table, long flushIntervalMillis, int inFlight) {
        super(aws, table, flushIntervalMillis, inFlight);
    }

    @Override
    public SinkWriter<BookTop> createWriter(InitContext context) {
        return new CoalescingWriter<>(
                new DynamoTopOfBookStore(aws, table, inFlight),
                context.getProcessingTimeService(),
                flushIntervalMillis,
                inFlight,
                BookTop::instrument,
                (a, b) -> b.updateId > a.updateId ? b : a,
                context.metricGroup(),
                "topOfBook");
    }
}

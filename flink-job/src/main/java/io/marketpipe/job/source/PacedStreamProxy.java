package io.marketpipe.job.source;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.connector.kinesis.source.proxy.StreamProxy;
import org.apache.flink.connector.kinesis.source.split.StartingPosition;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Spaces the GetRecords calls on each shard at least {@code interval} apart (start to start). The
 * polling reader of flink-connector-kinesis 4.3.0 calls GetRecords again as soon as a call returns,
 * empty or not (FLINK-36947, fixed only in the 5.x connectors): on AWS that runs into the 5 calls a
 * second a shard allows and is throttled; locally it cost kinesis-mock half as much CPU again. The
 * reader takes its shards in turn, so waiting here for the shard it asks for next delays no other
 * shard that is due sooner.
 */
final class PacedStreamProxy implements StreamProxy {
    private final StreamProxy kinesis;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final Map<String, Long> nextCallAt = new HashMap<>();

    /** Waits; the fetcher thread's interrupt (at close) ends a wait early. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    PacedStreamProxy(StreamProxy kinesis, long intervalMillis) {
        this(kinesis, intervalMillis, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    PacedStreamProxy(
            StreamProxy kinesis, long intervalMillis, LongSupplier nanoClock, Sleeper sleeper) {
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("interval " + intervalMillis + " ms is negative");
        }
        this.kinesis = kinesis;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    @Override
    public List<Shard> listShards(String streamArn, String lastSeenShardId) {
        return kinesis.listShards(streamArn, lastSeenShardId);
    }

    @Override
    public GetRecordsResponse getRecords(
            String streamArn, String shardId, StartingPosition startingPosition) {
        Long due = nextCallAt.get(shardId);
        long now = nanoClock.getAsLong();
        if (due != null && due - now > 0) {
            try {
                sleeper.sleepNanos(due - now);
            } catch (InterruptedException e) {
                // closing: keep the interrupt for the call, as the unpaced reader would meet it
                Thread.currentThread().interrupt();
            }
            now = nanoClock.getAsLong();
        }
        nextCallAt.put(shardId, now + intervalNanos);
        return kinesis.getRecords(streamArn, shardId, startingPosition);
    }

    @Override
    public void close() throws IOException {
        kinesis.close();
    }
}

package io.marketpipe.job.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.kinesis.source.proxy.StreamProxy;
import org.apache.flink.connector.kinesis.source.split.StartingPosition;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import org.apache.flink.kinesis.shaded.software.amazon.awssdk.services.kinesis.model.Shard;
import org.junit.jupiter.api.Test;

/** {@link PacedStreamProxy} on a hand-made clock: what it waits, and what it passes on. */
class PacedStreamProxyTest {
    private static final String STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/raw";
    private static final StartingPosition LATEST = StartingPosition.fromStart();
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private long now = 1_000 * MS;
    private final List<Long> slept = new ArrayList<>();
    private final Calls kinesis = new Calls();

    @Test
    void aShardsFirstCallGoesAtOnceAndEachNextWaitsOutTheIntervalFromTheLastStart() {
        PacedStreamProxy paced = paced(200);

        paced.getRecords(STREAM, "shardId-0", LATEST);
        now += 30 * MS; // the call's round trip
        paced.getRecords(STREAM, "shardId-0", LATEST);

        assertThat(slept).containsExactly(170 * MS);
        assertThat(kinesis.at).containsExactly(1_000 * MS, 1_200 * MS);
    }

    @Test
    void shardsTakenInTurnEachKeepTheirOwnInterval() {
        PacedStreamProxy paced = paced(200);

        for (int round = 0; round < 3; round++) {
            for (String shard : List.of("shardId-0", "shardId-1")) {
                paced.getRecords(STREAM, shard, LATEST);
                now += 10 * MS;
            }
        }

        // round one goes at once; after that shard 0 waits 180 ms, shard 1 is due by then
        assertThat(slept).containsExactly(180 * MS, 180 * MS);
        assertThat(kinesis.shards)
                .containsExactly(
                        "shardId-0",
                        "shardId-1",
                        "shardId-0",
                        "shardId-1",
                        "shardId-0",
                        "shardId-1");
        assertThat(kinesis.at)
                .containsExactly(
                        1_000 * MS, 1_010 * MS, 1_200 * MS, 1_210 * MS, 1_400 * MS, 1_410 * MS);
    }

    @Test
    void aCallLaterThanTheIntervalDoesNotWait() {
        PacedStreamProxy paced = paced(200);

        paced.getRecords(STREAM, "shardId-0", LATEST);
        now += 450 * MS;
        paced.getRecords(STREAM, "shardId-0", LATEST);

        assertThat(slept).isEmpty();
        assertThat(kinesis.at).hasSize(2);
    }

    @Test
    void aZeroIntervalNeverWaits() {
        PacedStreamProxy paced = paced(0);

        paced.getRecords(STREAM, "shardId-0", LATEST);
        paced.getRecords(STREAM, "shardId-0", LATEST);

        assertThat(slept).isEmpty();
        assertThat(kinesis.at).hasSize(2);
    }

    @Test
    void anInterruptedWaitMakesTheCallWithTheInterruptKept() {
        PacedStreamProxy paced =
                new PacedStreamProxy(
                        kinesis,
                        200,
                        () -> now,
                        nanos -> {
                            throw new InterruptedException("closing");
                        });
        paced.getRecords(STREAM, "shardId-0", LATEST);
        try {
            paced.getRecords(STREAM, "shardId-0", LATEST);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(kinesis.at).hasSize(2);
    }

    @Test
    void listsShardsAndClosesThroughTheProxyItPaces() throws Exception {
        PacedStreamProxy paced = paced(200);

        assertThat(paced.listShards(STREAM, null))
                .extracting(Shard::shardId)
                .containsExactly("shardId-0");
        paced.close();

        assertThat(kinesis.closed).isTrue();
        assertThatThrownBy(() -> new PacedStreamProxy(kinesis, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private PacedStreamProxy paced(long intervalMillis) {
        return new PacedStreamProxy(
                kinesis,
                intervalMillis,
                () -> now,
                nanos -> {
                    slept.add(nanos);
                    now += nanos;
                });
    }

    /** Records each GetRecords call: the shard and the clock's time. */
    private final class Calls implements StreamProxy {
        final List<String> shards = new ArrayList<>();
        final List<Long> at = new ArrayList<>();
        boolean closed;

        @Override
        public List<Shard> listShards(String streamArn, String lastSeenShardId) {
            return List.of(Shard.builder().shardId("shardId-0").build());
        }

        @Override
        public GetRecordsResponse getRecords(
                String streamArn, String shardId, StartingPosition startingPosition) {
            shards.add(shardId);
            at.add(now);
            return GetRecordsResponse.builder().nextShardIterator("it").build();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

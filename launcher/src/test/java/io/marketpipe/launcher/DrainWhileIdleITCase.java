package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.config.JobConfig;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.TradeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A stop with drain fires every open window even when every source subtask has gone idle first.
 * Flink 1.19 drops the final watermark of an idle source task (FLINK-40499), so without {@code
 * EndOfInputWatermarkOperator} this run ends with no bar at all: its only window is still open.
 */
class DrainWhileIdleITCase {
    /** A minute boundary: the trades all fall in one 1-minute window. */
    private static final long T0 = 1_700_000_040_000L;

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
    private static final long TRADES = 1_500;
    private static final Duration IDLENESS = Duration.ofSeconds(1);

    /** Longer than the run's whole span of event time (1,500 trades 5 ms apart). */
    private static final String ALLOWED_LATENESS = "60000";

    /** How long every shard stays quiet before the stop: several times the idleness. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    @TempDir Path dataDir;

    @Test
    void aDrainAfterEveryShardWentIdleStillFiresTheOpenWindows() throws Exception {
        StackConfig stack = StackConfig.onFreePorts(dataDir);
        LocalOptions options =
                LocalOptions.builder(stack)
                        .symbols(SYMBOLS)
                        .tradesPerSecond(200)
                        .seed(3)
                        .clock(TradeClock.stepping(T0, 5))
                        .maxTrades(TRADES)
                        .restPort(0)
                        .checkpointInterval(Duration.ofSeconds(1))
                        .barIntervals("1m,5s") // the default strategies run on 5 s bars
                        .watermarkIdleness(IDLENESS)
                        // A shard whose reads stall past the idleness on a busy machine falls
                        // behind the others' watermark, and its trades turn LATE for the 5 s bars.
                        // This run is about the drain, not lateness: no trade of the one open
                        // 1-minute window may be quarantined before the drain fires it.
                        .jobProperties(
                                Map.of(
                                        JobConfig.BARS,
                                        Map.of("allowed-lateness.ms", ALLOWED_LATENESS)))
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        try (LocalPipeline pipeline = LocalPipeline.start(options, produced::add);
                DynamoDbClient dynamo = AwsClients.dynamoDb(stack)) {
            Poll.until(
                    "the simulator to make every trade",
                    Duration.ofSeconds(60),
                    pipeline.simulator()::finished);
            long[] allReadAt = {0};
            pipeline.stop(
                    () -> {
                        if (allReadAt[0] == 0) {
                            if (!lastTradesRead(dynamo, stack, produced)) {
                                return false;
                            }
                            allReadAt[0] = System.nanoTime();
                        }
                        // read everything; now let every shard go idle before the drain
                        return System.nanoTime() - allReadAt[0] > QUIET.toNanos();
                    },
                    true);
            assertThat(allReadAt[0]).as("every trade was read before the stop").isPositive();

            Map<String, Long> tradesInBar = new TreeMap<>();
            dynamo.scanPaginator(r -> r.tableName(stack.barsTable())).items().stream()
                    .filter(item -> item.get("interval").s().equals("1m"))
                    .forEach(
                            item ->
                                    tradesInBar.put(
                                            item.get("symbol").s()
                                                    + "@"
                                                    + item.get("window_start").n(),
                                            Long.valueOf(item.get("trade_count").n())));
            Map<String, Long> expected = new TreeMap<>();
            for (SimTrade t : produced) {
                expected.merge(t.symbol() + "@" + T0, 1L, Long::sum);
            }
            assertThat(tradesInBar)
                    .as("each symbol's one bar, fired by the drain")
                    .isEqualTo(expected);
        }
    }

    private static boolean lastTradesRead(
            DynamoDbClient dynamo, StackConfig stack, List<SimTrade> produced) {
        Map<String, Long> lastIds = new HashMap<>();
        for (SimTrade t : produced) {
            lastIds.merge(t.symbol(), t.tradeId(), Math::max);
        }
        return lastIds.size() == SYMBOLS.size() && LatestPrices.areTrades(dynamo, stack, lastIds);
    }
}

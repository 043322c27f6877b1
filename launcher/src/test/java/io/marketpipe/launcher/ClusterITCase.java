package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.Ports;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.TradeClock;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shaded job jar as Managed Flink runs it: uploaded over REST to a real multi-process cluster
 * (a JobManager and two TaskManagers, each its own JVM, S3 as a filesystem plugin), configured by a
 * property-groups file, fed by the simulator and the forwarder through the local stack; updated
 * mid-stream as an operator does (stop with a savepoint, submit from it) and at the end stopped
 * with a savepoint. Across both jobs every trade reaches the lake once and none is late; latest
 * prices and strategy positions reach DynamoDB.
 */
class ClusterITCase {
    private static final long T0 = 1_700_000_040_000L;
    private static final long TRADES = 3_000;
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    /**
     * Longer than the trading can take to start after the job: a shard that has not been read yet
     * holds the watermark back for this long, and trades come 50 times faster than wall time, so a
     * shard counted idle before its first trade would make that trade late. The fourth shard, with
     * no symbol, releases the watermark after it.
     */
    private static final Duration IDLENESS = Duration.ofSeconds(30);

    @TempDir Path dataDir;

    @Test
    void theShadedJarRunsOnARealClusterAndResumesFromASavepointLosingAndRepeatingNothing()
            throws Exception {
        StackConfig stack = StackConfig.onFreePorts(dataDir);
        LocalOptions options =
                LocalOptions.builder(stack)
                        .symbols(SYMBOLS)
                        .tradesPerSecond(300)
                        .seed(3)
                        .clock(TradeClock.stepping(T0, 50))
                        .maxTrades(TRADES)
                        .garbageEvery(0)
                        .duplicateEvery(101)
                        .restPort(Ports.freePort())
                        .checkpointInterval(Duration.ofSeconds(1))
                        .barIntervals("1m,5s")
                        .watermarkIdleness(IDLENESS)
                        .host(LocalOptions.JobHost.CLUSTER)
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        try (LocalPipeline pipeline = LocalPipeline.start(options, produced::add);
                DynamoDbClient dynamo = AwsClients.dynamoDb(stack)) {
            assertThat(pipeline.cluster()).as("a real cluster, not this JVM").isNotNull();
            assertThat(pipeline.status()).isEqualTo(JobStatus.RUNNING);
            Poll.until(
                    "a third of the trades",
                    Duration.ofSeconds(60),
                    () -> pipeline.simulator().tradesProduced() >= TRADES / 3);

            // an update while trades keep flowing: stop with a savepoint, submit from it
            String savepoint = pipeline.redeployFromSavepoint();

            assertThat(savepoint).startsWith("file:").contains("/savepoints/savepoint-");
            Poll.until("every trade", Duration.ofSeconds(90), pipeline.simulator()::finished);
            Poll.until(
                    "a position per strategy and symbol",
                    IDLENESS.plusSeconds(60),
                    () -> {
                        pipeline.requireHealthy();
                        return positions(dynamo, stack) == 3 * SYMBOLS.size();
                    });

            pipeline.stop();

            JobCounts counts = pipeline.counts();
            assertThat(counts.trades())
                    .as("both jobs together: the second went on where the savepoint left off")
                    .isEqualTo(TRADES + TRADES / 101);
            assertThat(counts.duplicates()).isEqualTo(TRADES / 101);
            assertThat(counts.late()).as("late trades (%s)", counts).isZero();
            assertThat(pipeline.savepoint()).startsWith("file:").contains("/savepoints/savepoint-");
            try (var savepoints = Files.list(stack.dataDir().resolve("savepoints"))) {
                assertThat(savepoints.count()).as("the update's and the stop's").isEqualTo(2);
            }
            for (String symbol : SYMBOLS) {
                SimTrade last =
                        produced.stream()
                                .filter(t -> t.symbol().equals(symbol))
                                .reduce((a, b) -> b)
                                .orElseThrow();
                Map<String, AttributeValue> item = LatestPrices.of(dynamo, stack, symbol);
                assertThat(new BigDecimal(item.get("price").n()))
                        .isEqualByComparingTo(BigDecimal.valueOf(last.priceUnits(), 8));
            }
            try (Connection duck = LakeViews.open(stack.lakeDir());
                    Statement sql = duck.createStatement();
                    ResultSet rs =
                            sql.executeQuery(
                                    "SELECT count(*), count(DISTINCT symbol || trade_id) FROM trades")) {
                rs.next();
                assertThat(rs.getLong(1)).as("every trade, once").isEqualTo(TRADES);
                assertThat(rs.getLong(2)).isEqualTo(TRADES);
            }
        }
    }

    private static long positions(DynamoDbClient dynamo, StackConfig stack) {
        return AwsClients.itemCount(dynamo, stack.positionsTable());
    }
}

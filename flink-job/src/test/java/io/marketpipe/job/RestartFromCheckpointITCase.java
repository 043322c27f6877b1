package io.marketpipe.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.sinks.ConfiguredSinks;
import io.marketpipe.job.source.CaptureFormat;
import io.marketpipe.job.source.CaptureLine;
import io.marketpipe.job.source.TradeTimeWatermarks;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.LocalStack;
import io.marketpipe.localstack.Resources;
import io.marketpipe.localstack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A failure mid-stream and a restart from checkpoint leave exactly the state of a failure-free run:
 * lake, bars, latest prices, and the strategies' signals, fills, round trips, equity and positions.
 */
class RestartFromCheckpointITCase {
    private static final long T0 = 1_700_000_040_000L;
    private static final int TRADES = 60_000;
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    /**
     * Throws once, on the first event after a checkpoint completed past the first few thousand
     * events. Until a checkpoint has completed it slows down (a millisecond per event), so a loaded
     * machine cannot reach the end of the input before any checkpoint and skip the failure.
     */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<MarketEvent, MarketEvent>
            implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private transient long seen;
        private transient volatile boolean checkpointed;

        @Override
        public MarketEvent map(MarketEvent event) throws InterruptedException {
            if (++seen > 5_000 && !FAILED.get()) {
                if (!checkpointed) {
                    Thread.sleep(1); // events still flow, so barriers do too
                } else if (FAILED.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure after " + seen + " events");
                }
            }
            return event;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    @Test
    void restartedRunEndsWithTheSameLakeAndTablesAsAFailureFreeRun() throws Exception {
        Path capture = dir.resolve("capture.jsonl");
        List<String> lines = new ArrayList<>();
        String[] symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT"};
        for (int i = 0; i < TRADES; i++) {
            String s = symbols[i % symbols.length];
            long id = i / symbols.length + 1;
            long time = T0 + i * 20L;
            lines.add(
                    "{\"stream\":\""
                            + s.toLowerCase()
                            + "@trade\",\"data\":{\"e\":\"trade\",\"E\":"
                            + time
                            + ",\"s\":\""
                            + s
                            + "\",\"t\":"
                            + id
                            + ",\"p\":\""
                            + (100 + i % 97)
                            + "."
                            + (i % 13)
                            + "\",\"q\":\"0."
                            + (1 + i % 999)
                            + "\",\"T\":"
                            + time
                            + ",\"m\":"
                            + (i % 3 == 0)
                            + ",\"M\":true}}");
            if (i % 1_000 == 0) {
                lines.add(lines.get(lines.size() - 1)); // a duplicate now and then
                lines.add(
                        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTC"); // and a bad frame
            }
        }
        Files.write(capture, lines);

        try (LocalStack stack = LocalStack.start(StackConfig.onFreePorts(dir.resolve("stack")));
                DynamoDbClient dynamo = AwsClients.dynamoDb(stack.config())) {
            for (String run : List.of("clean", "restarted")) {
                Resources.createLatestPriceTable(dynamo, "latest-" + run);
                Resources.createBarsTable(dynamo, "bars-" + run);
                Resources.createSignalsTable(dynamo, "signals-" + run);
                Resources.createPositionsTable(dynamo, "positions-" + run);
            }
            FAILED.set(false);
            run(capture, dir.resolve("clean"), stack.config(), "clean", false);
            assertThat(FAILED).isFalse();
            run(capture, dir.resolve("restarted"), stack.config(), "restarted", true);
            assertThat(FAILED).as("the failure was injected").isTrue();

            assertThat(items(dynamo, "bars-restarted"))
                    .isEqualTo(items(dynamo, "bars-clean"))
                    .hasSizeGreaterThan(50);
            assertThat(items(dynamo, "latest-restarted"))
                    .isEqualTo(items(dynamo, "latest-clean"))
                    .hasSize(symbols.length);
            assertThat(items(dynamo, "signals-restarted"))
                    .isEqualTo(items(dynamo, "signals-clean"))
                    .hasSizeGreaterThan(10);
            assertThat(items(dynamo, "positions-restarted"))
                    .isEqualTo(items(dynamo, "positions-clean"))
                    .hasSize(3 * symbols.length);
        }

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement()) {
            assertSameRows(
                    sql,
                    "trades",
                    "venue, symbol, trade_id, price, quantity, trade_time, event_time, buyer_is_maker, origin",
                    TRADES);
            assertSameRows(sql, "bars_1m", "*", -1);
            assertSameRows(
                    sql, "quarantine", "reason, venue, encoding, raw, detail", TRADES / 1_000);
            for (String table : List.of("signals", "fills", "round_trips", "equity")) {
                assertSameRows(sql, table, "*", -1);
            }
            assertThat(
                            single(
                                    sql,
                                    "SELECT count(*) FROM read_parquet('"
                                            + dir.resolve("clean")
                                            + "/round_trips/*/*.parquet')"))
                    .as("strategies completed round trips")
                    .isPositive();
        }
    }

    private void assertSameRows(Statement sql, String table, String columns, long expectedRows)
            throws Exception {
        String clean =
                "(SELECT "
                        + columns
                        + " FROM read_parquet('"
                        + dir.resolve("clean")
                        + "/"
                        + table
                        + "/*/*.parquet'))";
        String restarted =
                "(SELECT "
                        + columns
                        + " FROM read_parquet('"
                        + dir.resolve("restarted")
                        + "/"
                        + table
                        + "/*/*.parquet'))";
        long a = single(sql, "SELECT count(*) FROM " + clean);
        long b = single(sql, "SELECT count(*) FROM " + restarted);
        assertThat(b).as(table + " rows").isEqualTo(a);
        if (expectedRows >= 0) {
            assertThat(a).as(table + " rows").isEqualTo(expectedRows);
        }
        assertThat(single(sql, "SELECT count(*) FROM (" + clean + " EXCEPT ALL " + restarted + ")"))
                .as(table + " only in clean")
                .isZero();
        assertThat(single(sql, "SELECT count(*) FROM (" + restarted + " EXCEPT ALL " + clean + ")"))
                .as(table + " only in restarted")
                .isZero();
    }

    private static long single(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<Map<String, AttributeValue>> items(DynamoDbClient dynamo, String table) {
        return new HashSet<>(dynamo.scan(r -> r.tableName(table).consistentRead(true)).items());
    }

    private static void run(Path capture, Path lake, StackConfig stack, String suffix, boolean fail)
            throws Exception {
        Properties aws = new Properties();
        aws.setProperty("endpoint.dynamodb", stack.dynamoDbEndpoint().toString());
        aws.setProperty("credentials.access-key-id", StackConfig.ACCESS_KEY);
        aws.setProperty("credentials.secret-key", StackConfig.SECRET_KEY);
        Properties sinks = new Properties();
        sinks.setProperty("lake.path", lake.toUri().toString());
        sinks.setProperty("dynamodb.latest-price.table", "latest-" + suffix);
        sinks.setProperty("dynamodb.bars.table", "bars-" + suffix);
        sinks.setProperty("dynamodb.signals.table", "signals-" + suffix);
        sinks.setProperty("dynamodb.positions.table", "positions-" + suffix);
        Properties bars = new Properties();
        bars.setProperty("intervals", "1m,10s");
        Properties strategies = new Properties();
        String[] kv = {
            "ids", "dip,cross,breakout",
            "dip.kind", "dip-buy",
            "dip.interval", "10s",
            "dip.lookback", "5",
            "dip.dip.pct", "2",
            "dip.take-profit.pct", "2",
            "dip.stop-loss.pct", "1",
            "cross.kind", "ma-cross",
            "cross.interval", "10s",
            "cross.fast", "3",
            "cross.slow", "7",
            "breakout.kind", "breakout",
            "breakout.interval", "10s",
            "breakout.lookback", "5",
            "breakout.trailing-stop.pct", "1",
        };
        for (int i = 0; i < kv.length; i += 2) {
            strategies.setProperty(kv[i], kv[i + 1]);
        }
        JobConfig config =
                JobConfig.fromPropertyGroups(
                        Map.of(
                                JobConfig.AWS,
                                aws,
                                JobConfig.SINKS,
                                sinks,
                                JobConfig.BARS,
                                bars,
                                JobConfig.STRATEGIES,
                                strategies));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(100);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(3, 100));
        FileSource<MarketEvent> source =
                FileSource.forRecordStreamFormat(
                                new CaptureFormat(CaptureLine.Format.BINANCE),
                                new org.apache.flink.core.fs.Path(capture.toUri()))
                        .build();
        var events =
                env.fromSource(
                                source,
                                TradeTimeWatermarks.strategy(config),
                                "capture",
                                TypeInformation.of(MarketEvent.class))
                        .uid("source-capture");
        Pipeline.build(
                fail
                        ? events.map(new FailOnceAfterCheckpoint())
                                .returns(MarketEvent.class)
                                .uid("fail-once")
                        : events,
                config,
                new ConfiguredSinks(config));
        env.execute("restart-" + suffix);
    }
}

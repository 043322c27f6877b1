package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.metrics.Latencies;
import io.marketpipe.localstack.AwsClients;
import io.marketpipe.localstack.Poll;
import io.marketpipe.localstack.StackConfig;
import io.marketpipe.localstack.StreamReader;
import io.marketpipe.schemas.tables.DynamoTables;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.TradeClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Simulator → forwarder → Kinesis → Flink MiniCluster → DynamoDB + Parquet, over real sockets. */
class LocalPipelineITCase {
    /** A minute boundary, so windows line up with the trade clock. */
    private static final long T0 = 1_700_000_040_000L;

    private static final long STEP_MILLIS = 50;
    private static final long TRADES = 3_600;
    private static final long GARBAGE_EVERY = 700;
    private static final long DUPLICATE_EVERY = 97;
    private static final long OUT_OF_ORDERNESS = 2_000;
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    /**
     * Longer than the trading can take to start after the job (see {@link ClusterITCase}): trades
     * come 100 times faster than wall time, so a shard counted idle before its first trade would
     * make that trade late. The fourth shard, with no symbol, releases the watermark after it.
     */
    private static final Duration IDLENESS = Duration.ofSeconds(30);

    @TempDir Path dataDir;

    @Test
    void simulatedTradesBecomeExactBarsLatestPricesAndLakeRows() throws Exception {
        StackConfig stack = StackConfig.onFreePorts(dataDir);
        LocalOptions options =
                LocalOptions.builder(stack)
                        .symbols(SYMBOLS)
                        .tradesPerSecond(2_000)
                        .seed(7)
                        .clock(TradeClock.stepping(T0, STEP_MILLIS))
                        .maxTrades(TRADES)
                        .garbageEvery(GARBAGE_EVERY)
                        .duplicateEvery(DUPLICATE_EVERY)
                        .restPort(0)
                        .checkpointInterval(Duration.ofSeconds(1))
                        .barIntervals("1m,5s")
                        .watermarkIdleness(IDLENESS)
                        .build();
        List<SimTrade> produced = new CopyOnWriteArrayList<>();

        Map<String, ExpectedBars.Bar> expected;
        try (LocalPipeline pipeline = LocalPipeline.start(options, produced::add);
                DynamoDbClient dynamo = AwsClients.dynamoDb(stack)) {
            Poll.until(
                    "the simulator to produce every trade",
                    Duration.ofSeconds(60),
                    pipeline.simulator()::finished);
            long maxTradeTime =
                    produced.stream().mapToLong(SimTrade::tradeTimeMillis).max().orElseThrow();
            expected = ExpectedBars.compute(produced, 60_000, maxTradeTime - OUT_OF_ORDERNESS);
            assertThat(expected).hasSizeGreaterThanOrEqualTo(SYMBOLS.size() * 2);

            Poll.until(
                    "every closed bar in DynamoDB",
                    Duration.ofSeconds(120),
                    () -> {
                        pipeline.requireHealthy();
                        return oneMinuteBars(dynamo, stack).size() >= expected.size();
                    });
            // the live latency histograms, as ./pipeline local prints them, over the REST API
            LatencyReport latencies = pipeline.latencies();
            assertThat(latencies.histograms())
                    .containsKeys(
                            Latencies.RECEIVE_TO_DECODE,
                            Latencies.RECEIVE_TO_LATEST_PRICE,
                            Latencies.RECEIVE_TO_LAKE_COMMIT);
            assertThat(latencies.histograms().get(Latencies.RECEIVE_TO_LATEST_PRICE).max())
                    .as("a latest price is acknowledged after its trade was received")
                    .isPositive();
            assertThat(latencies.lines()).hasSize(latencies.histograms().size());
            // three symbols dealt over four shards: both source subtasks read some of them
            assertThat(latencies.sourceRecords())
                    .as("records out of each Kinesis source subtask")
                    .hasSize(2)
                    .allMatch(records -> records > 0);
            // each book ends at the simulator's own: same update id, same best bid and ask
            for (String symbol : SYMBOLS) {
                Poll.until(
                        symbol + "'s top of book at the simulator's last update",
                        Duration.ofSeconds(60),
                        () -> {
                            long[] truth = pipeline.simulator().topOfBook(symbol);
                            Map<String, AttributeValue> top = TopOfBook.of(dynamo, stack, symbol);
                            return truth != null
                                    && !top.isEmpty()
                                    && Long.parseLong(top.get("update_id").n()) == truth[0];
                        });
                long[] truth = pipeline.simulator().topOfBook(symbol);
                Map<String, AttributeValue> top = TopOfBook.of(dynamo, stack, symbol);
                assertThat(decimal(top, "bid_price"))
                        .isEqualByComparingTo(SimTrade.decimal(truth[1]));
                assertThat(decimal(top, "bid_quantity"))
                        .isEqualByComparingTo(SimTrade.decimal(truth[2]));
                assertThat(decimal(top, "ask_price"))
                        .isEqualByComparingTo(SimTrade.decimal(truth[3]));
                assertThat(decimal(top, "ask_quantity"))
                        .isEqualByComparingTo(SimTrade.decimal(truth[4]));
            }
            pipeline.stop();
            JobCounts counts = pipeline.counts();
            assertThat(counts.booksInSync()).as("books in sync").isEqualTo(SYMBOLS.size());
            assertThat(counts.bookResyncs()).as("no fault: no resync").isZero();
            assertThat(counts.diffsApplied()).isPositive();
            assertThat(counts.klinesMatched())
                    .as("the simulator's closed 1m klines, each equal to our bar: %s", counts)
                    .isPositive();
            assertThat(counts.klinesMismatched()).isZero();
            assertThat(counts.duplicates())
                    .as("every duplicated frame dropped")
                    .isEqualTo(TRADES / DUPLICATE_EVERY);
            assertThat(counts.trades()).isEqualTo(TRADES + TRADES / DUPLICATE_EVERY);
            assertThat(counts.quarantined()).isEqualTo(TRADES / GARBAGE_EVERY);
            assertThat(counts.late()).as("late trades").isZero();

            Map<String, Map<String, AttributeValue>> barItems = new HashMap<>();
            oneMinuteBars(dynamo, stack)
                    .forEach(
                            item ->
                                    barItems.put(
                                            item.get("symbol").s()
                                                    + "@"
                                                    + item.get(DynamoTables.BARS_SK).n(),
                                            item));
            assertThat(barItems.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach(
                    (key, bar) -> {
                        Map<String, AttributeValue> item = barItems.get(key);
                        assertThat(decimal(item, "open"))
                                .as(key + " open")
                                .isEqualByComparingTo(bar.open());
                        assertThat(decimal(item, "high"))
                                .as(key + " high")
                                .isEqualByComparingTo(bar.high());
                        assertThat(decimal(item, "low"))
                                .as(key + " low")
                                .isEqualByComparingTo(bar.low());
                        assertThat(decimal(item, "close"))
                                .as(key + " close")
                                .isEqualByComparingTo(bar.close());
                        assertThat(decimal(item, "volume"))
                                .as(key + " volume")
                                .isEqualByComparingTo(bar.volume());
                        assertThat(decimal(item, "quote_volume"))
                                .as(key + " quote volume")
                                .isEqualByComparingTo(bar.quoteVolume());
                        assertThat(decimal(item, "vwap"))
                                .as(key + " vwap")
                                .isEqualByComparingTo(bar.vwap());
                        assertThat(decimal(item, "buy_volume"))
                                .as(key + " buy volume")
                                .isEqualByComparingTo(bar.buyVolume());
                        assertThat(item.get("trade_count").n())
                                .as(key + " count")
                                .isEqualTo(Long.toString(bar.count()));
                    });

            for (String symbol : SYMBOLS) {
                SimTrade last =
                        produced.stream()
                                .filter(t -> t.symbol().equals(symbol))
                                .reduce((a, b) -> b)
                                .orElseThrow();
                Map<String, AttributeValue> latest = LatestPrices.of(dynamo, stack, symbol);
                assertThat(decimal(latest, "price"))
                        .as(symbol + " latest")
                        .isEqualByComparingTo(BigDecimal.valueOf(last.priceUnits(), 8));
                assertThat(latest.get("trade_id").n()).isEqualTo(Long.toString(last.tradeId()));
            }

            Path lake = stack.lakeDir();
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                    Statement sql = duck.createStatement()) {
                assertThat(
                                single(
                                        sql,
                                        "SELECT count(*) FROM read_parquet('"
                                                + lake
                                                + "/trades/*/*.parquet')"))
                        .isEqualTo(TRADES);
                assertThat(
                                single(
                                        sql,
                                        "SELECT count(DISTINCT symbol || trade_id) FROM read_parquet('"
                                                + lake
                                                + "/trades/*/*.parquet')"))
                        .isEqualTo(TRADES);
                List<String> lakeBars = new ArrayList<>();
                try (ResultSet rs =
                        sql.executeQuery(
                                "SELECT symbol, epoch_ms(window_start), open, close, vwap, trade_count FROM read_parquet('"
                                        + lake
                                        + "/bars_1m/*/*.parquet') ORDER BY 1, 2")) {
                    while (rs.next()) {
                        String key = rs.getString(1) + "@" + rs.getLong(2);
                        ExpectedBars.Bar bar = expected.get(key);
                        assertThat(bar).as("lake bar " + key).isNotNull();
                        assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(bar.open());
                        assertThat(rs.getBigDecimal(4)).isEqualByComparingTo(bar.close());
                        assertThat(rs.getBigDecimal(5)).isEqualByComparingTo(bar.vwap());
                        assertThat(rs.getLong(6)).isEqualTo(bar.count());
                        lakeBars.add(key);
                    }
                }
                assertThat(lakeBars).containsExactlyInAnyOrderElementsOf(expected.keySet());
                long garbage = TRADES / GARBAGE_EVERY;
                assertThat(
                                single(
                                        sql,
                                        "SELECT count(*) FROM read_parquet('"
                                                + lake
                                                + "/quarantine/*/*.parquet') WHERE reason = 'MALFORMED'"))
                        .isEqualTo(garbage);
            }

            assertStrategiesWroteSignalsAndPositions(dynamo, stack, counts);

            try (KinesisClient kinesis = AwsClients.kinesis(stack)) {
                List<String> quarantined = new ArrayList<>();
                new StreamReader(kinesis, stack.quarantineStream())
                        .poll()
                        .forEach(r -> quarantined.add(r.data().asUtf8String()));
                assertThat(quarantined)
                        .hasSize((int) (TRADES / GARBAGE_EVERY))
                        .allMatch(j -> j.contains("\"reason\":\"MALFORMED\""));
            }
        }
    }

    private static List<Map<String, AttributeValue>> oneMinuteBars(
            DynamoDbClient dynamo, StackConfig stack) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(stack.barsTable()))
                .items()
                .forEach(
                        item -> {
                            if (item.get("interval").s().equals("1m")) {
                                items.add(item);
                            }
                        });
        return items;
    }

    /**
     * The local strategies ran on 5 s bars: signals in DynamoDB and the lake, one count, and each
     * strategy's position per symbol as of the last bar in the lake's equity table that the
     * positions table takes (see {@code EquityPoint.updatesPosition}).
     */
    private static void assertStrategiesWroteSignalsAndPositions(
            DynamoDbClient dynamo, StackConfig stack, JobCounts counts) throws Exception {
        assertThat(counts.signals()).as("the simulated dips, trends and breakouts").isPositive();
        long signalItems = AwsClients.itemCount(dynamo, stack.signalsTable());
        assertThat(signalItems).isEqualTo(counts.signals());
        Map<String, Long> positions = new HashMap<>();
        dynamo.scanPaginator(r -> r.tableName(stack.positionsTable()).consistentRead(true))
                .items()
                .forEach(
                        item ->
                                positions.put(
                                        item.get(DynamoTables.POSITIONS_PK).s(),
                                        Long.parseLong(item.get("bar_time").n())));
        Map<String, Long> lastBars = new HashMap<>();
        try (Connection duck = LakeViews.open(stack.lakeDir());
                Statement sql = duck.createStatement()) {
            assertThat(single(sql, "SELECT count(*) FROM signals")).isEqualTo(counts.signals());
            // the latest bar the positions table takes: any bar with a position open, the first
            // bar, and a bar whose fills moved the position or the realised PnL
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT k, max(t) FROM ("
                                    + " SELECT strategy || '#' || venue || '#' || symbol AS k,"
                                    + " epoch_ms(bar_time) AS t, position, realized_pnl,"
                                    + " lag(position) OVER w AS position_before,"
                                    + " lag(realized_pnl) OVER w AS realized_before"
                                    + " FROM equity WINDOW w AS"
                                    + " (PARTITION BY strategy, venue, symbol ORDER BY bar_time))"
                                    + " WHERE position <> 0 OR position_before IS NULL"
                                    + " OR position <> position_before OR realized_pnl <> realized_before"
                                    + " GROUP BY k")) {
                while (rs.next()) {
                    lastBars.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        assertThat(lastBars).hasSize(3 * SYMBOLS.size());
        assertThat(positions).isEqualTo(lastBars);
    }

    private static BigDecimal decimal(Map<String, AttributeValue> item, String name) {
        return new BigDecimal(item.get(name).n());
    }

    private static long single(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package io.marketpipe.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.sinks.ConfiguredSinks;
import io.marketpipe.job.source.CaptureFormat;
import io.marketpipe.job.source.CaptureLine;
import io.marketpipe.job.source.TradeTimeWatermarks;
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
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Two replays of one capture through the whole job into the local stack, one clean and one under
 * some trouble, and the comparison of what they left: every DynamoDB table and every lake table.
 */
final class ComparedRuns {
    static final long T0 = 1_700_000_040_000L;
    static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT"};

    private final Path dir;
    private final StackConfig stack;

    ComparedRuns(Path dir, StackConfig stack) {
        this.dir = dir;
        this.stack = stack;
    }

    /**
     * {@code trades} Binance trades over four symbols, 20 ms apart, with a duplicate and a bad
     * frame every 1,000.
     */
    Path capture(int trades) throws Exception {
        Path capture = dir.resolve("capture.jsonl");
        List<String> lines = new ArrayList<>();
        Books books = new Books();
        for (int i = 0; i < trades; i++) {
            String s = SYMBOLS[i % SYMBOLS.length];
            long id = i / SYMBOLS.length + 1;
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
            if (i % 8 == 0) {
                lines.add(books.diff(i / 8, time)); // and the books of two symbols
            }
            if (i % 9_000 == 0) {
                lines.add(books.snapshot(i / 8)); // a snapshot now and then
            }
            if (i % 1_000 == 0) {
                lines.add(lines.get(lines.size() - 1)); // a duplicate now and then
                lines.add(
                        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTC"); // and a bad frame
            }
        }
        Files.write(capture, lines);
        return capture;
    }

    /**
     * Two symbols' books, BTCUSDT and ETHUSDT in turn: one update id a diff, levels on a fixed grid
     * (bids below 100, asks above) so they never cross, a REST snapshot line now and then, and one
     * diff in every 500 lost on the way, so books go out of sync and come back.
     */
    static final class Books {
        private final java.util.TreeMap<Long, Long>[] bids = books();
        private final java.util.TreeMap<Long, Long>[] asks = books();
        private final long[] ids = {1_000, 5_000};

        @SuppressWarnings("unchecked")
        private static java.util.TreeMap<Long, Long>[] books() {
            return new java.util.TreeMap[] {new java.util.TreeMap<>(), new java.util.TreeMap<>()};
        }

        private static String symbol(int b) {
            return b == 0 ? "BTCUSDT" : "ETHUSDT";
        }

        String diff(int n, long time) {
            int b = n % 2;
            long id = ++ids[b];
            long bid = 50 + (n * 7L) % 50;
            long ask = 101 + (n * 11L) % 50;
            long bidQty = (n % 5 == 0) ? 0 : 1 + n % 9;
            long askQty = (n % 7 == 0) ? 0 : 1 + n % 8;
            put(bids[b], bid, bidQty);
            put(asks[b], ask, askQty);
            if (n % 500 == 499 || n % 500 == 250) {
                return LOST; // this diff is lost on the way; a control frame stands in its line
            }
            return "{\"stream\":\""
                    + symbol(b).toLowerCase()
                    + "@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":"
                    + time
                    + ",\"s\":\""
                    + symbol(b)
                    + "\",\"U\":"
                    + id
                    + ",\"u\":"
                    + id
                    + ",\"b\":[[\""
                    + bid
                    + ".5\",\""
                    + bidQty
                    + "\"]],\"a\":[[\""
                    + ask
                    + ".5\",\""
                    + askQty
                    + "\"]]}}";
        }

        private static final String LOST = "{\"result\":null,\"id\":1}";

        private static void put(java.util.TreeMap<Long, Long> side, long price, long qty) {
            if (qty == 0) {
                side.remove(price);
            } else {
                side.put(price, qty);
            }
        }

        String snapshot(int n) {
            int b = n % 2;
            return "{\"symbol\":\""
                    + symbol(b)
                    + "\",\"limit\":5000,\"snapshot\":{\"lastUpdateId\":"
                    + ids[b]
                    + ",\"bids\":"
                    + levels(bids[b].descendingMap())
                    + ",\"asks\":"
                    + levels(asks[b])
                    + "}}";
        }

        private static String levels(Map<Long, Long> side) {
            StringBuilder s = new StringBuilder("[");
            side.forEach(
                    (p, q) ->
                            s.append(s.length() > 1 ? "," : "")
                                    .append("[\"")
                                    .append(p)
                                    .append(".5\",\"")
                                    .append(q)
                                    .append("\"]"));
            return s.append(']').toString();
        }
    }

    void createTables(DynamoDbClient dynamo, String run) {
        Resources.createTopOfBookTable(dynamo, "top-" + run);
        Resources.createLatestPriceTable(dynamo, "latest-" + run);
        Resources.createBarsTable(dynamo, "bars-" + run);
        Resources.createSignalsTable(dynamo, "signals-" + run);
        Resources.createPositionsTable(dynamo, "positions-" + run);
    }

    /**
     * Replays {@code capture} at parallelism 2 with checkpoints every 100 ms and restarts, into the
     * lake {@code dir/run} and the tables suffixed {@code run}; {@code between} may put an operator
     * between the source and the job.
     */
    void run(
            Path capture,
            String run,
            Properties extraSinks,
            UnaryOperator<DataStream<MarketEvent>> between)
            throws Exception {
        run(capture, run, extraSinks, between, 2);
    }

    /** As {@link #run(Path, String, Properties, UnaryOperator)}, at {@code parallelism}. */
    void run(
            Path capture,
            String run,
            Properties extraSinks,
            UnaryOperator<DataStream<MarketEvent>> between,
            int parallelism)
            throws Exception {
        Properties aws = new Properties();
        aws.setProperty("endpoint.dynamodb", stack.dynamoDbEndpoint().toString());
        aws.setProperty("endpoint.kinesis", stack.kinesisEndpoint().toString());
        aws.setProperty("credentials.access-key-id", StackConfig.ACCESS_KEY);
        aws.setProperty("credentials.secret-key", StackConfig.SECRET_KEY);
        Properties sinks = new Properties();
        sinks.setProperty("lake.path", dir.resolve(run).toUri().toString());
        sinks.setProperty("dynamodb.latest-price.table", "latest-" + run);
        sinks.setProperty("dynamodb.top-of-book.table", "top-" + run);
        sinks.setProperty("dynamodb.bars.table", "bars-" + run);
        sinks.setProperty("dynamodb.signals.table", "signals-" + run);
        sinks.setProperty("dynamodb.positions.table", "positions-" + run);
        sinks.putAll(extraSinks);
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
        env.setParallelism(parallelism);
        env.enableCheckpointing(100);
        env.setRestartStrategy(RestartStrategies.fixedDelayRestart(10, 100));
        FileSource<MarketEvent> source =
                FileSource.forRecordStreamFormat(
                                new CaptureFormat(CaptureLine.Format.BINANCE),
                                new org.apache.flink.core.fs.Path(capture.toUri()))
                        .build();
        DataStream<MarketEvent> events =
                env.fromSource(
                                source,
                                TradeTimeWatermarks.strategy(config),
                                "capture",
                                TypeInformation.of(MarketEvent.class))
                        .uid("source-capture");
        Pipeline.build(between.apply(events), config, new ConfiguredSinks(config));
        env.execute("compared-" + run);
    }

    /** Every DynamoDB table of run {@code b} holds what run {@code a}'s does. */
    static void assertSameTables(DynamoDbClient dynamo, String a, String b) {
        assertThat(items(dynamo, "bars-" + b))
                .isEqualTo(items(dynamo, "bars-" + a))
                .hasSizeGreaterThan(50);
        assertThat(items(dynamo, "latest-" + b))
                .isEqualTo(items(dynamo, "latest-" + a))
                .hasSize(SYMBOLS.length);
        assertThat(items(dynamo, "top-" + b))
                .as("tops of book")
                .isEqualTo(items(dynamo, "top-" + a))
                .hasSize(2);
        assertThat(items(dynamo, "signals-" + b))
                .isEqualTo(items(dynamo, "signals-" + a))
                .hasSizeGreaterThan(10);
        assertThat(items(dynamo, "positions-" + b))
                .isEqualTo(items(dynamo, "positions-" + a))
                .hasSize(3 * SYMBOLS.length);
    }

    /** Every lake table of run {@code b} has the rows of run {@code a}'s, no more, no fewer. */
    void assertSameLake(String a, String b, int trades) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement()) {
            assertSameRows(
                    sql,
                    a,
                    b,
                    "trades",
                    "venue, symbol, trade_id, price, quantity, trade_time, event_time, buyer_is_maker, origin",
                    trades);
            assertSameRows(sql, a, b, "bars_1m", "*", -1);
            assertSameRows(
                    sql,
                    a,
                    b,
                    "quarantine",
                    "reason, venue, encoding, raw, detail",
                    trades / 1_000);
            for (String table :
                    List.of("signals", "fills", "round_trips", "equity", "book_top", "book_gaps")) {
                assertSameRows(sql, a, b, table, "*", -1);
            }
            assertThat(
                            single(
                                    sql,
                                    "SELECT count(*) FROM read_parquet('"
                                            + dir.resolve(a)
                                            + "/book_gaps/*/*.parquet') WHERE resync_time IS NOT NULL"))
                    .as("books that lost sync and came back")
                    .isPositive();
            assertThat(
                            single(
                                    sql,
                                    "SELECT count(*) FROM read_parquet('"
                                            + dir.resolve(a)
                                            + "/round_trips/*/*.parquet')"))
                    .as("strategies completed round trips")
                    .isPositive();
        }
    }

    private void assertSameRows(
            Statement sql, String a, String b, String table, String columns, long expectedRows)
            throws Exception {
        String rowsA = rows(a, table, columns);
        String rowsB = rows(b, table, columns);
        long countA = single(sql, "SELECT count(*) FROM " + rowsA);
        assertThat(single(sql, "SELECT count(*) FROM " + rowsB))
                .as(table + " rows")
                .isEqualTo(countA);
        if (expectedRows >= 0) {
            assertThat(countA).as(table + " rows").isEqualTo(expectedRows);
        }
        assertThat(single(sql, "SELECT count(*) FROM (" + rowsA + " EXCEPT ALL " + rowsB + ")"))
                .as(table + " only in " + a)
                .isZero();
        assertThat(single(sql, "SELECT count(*) FROM (" + rowsB + " EXCEPT ALL " + rowsA + ")"))
                .as(table + " only in " + b)
                .isZero();
    }

    private String rows(String run, String table, String columns) {
        return "(SELECT "
                + columns
                + " FROM read_parquet('"
                + dir.resolve(run)
                + "/"
                + table
                + "/*/*.parquet'))";
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
}

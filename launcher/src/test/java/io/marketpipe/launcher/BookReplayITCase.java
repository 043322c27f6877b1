package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.book.BookFunction;
import io.marketpipe.job.book.BookSync;
import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.reconcile.ReconcileFunction;
import io.marketpipe.job.source.CaptureLine;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay of a capture in Binance's combined-stream form mixing depth diffs, REST snapshot lines,
 * bookTicker, aggTrade and kline frames and trades: every frame is accounted and none quarantined;
 * every in-sync {@code book_top} row is the top of a book this test keeps by itself from the levels
 * it wrote; a dropped diff becomes a {@code book_gaps} row, and no in-sync row of that symbol
 * follows it until the next snapshot.
 */
class BookReplayITCase {
    private static final long T0 = 1_700_000_040_000L;
    private static final int DIFFS = 120;
    private static final int DROPPED = 40;
    private static final int RESYNC_AFTER = 60;

    @TempDir Path dir;

    /** One symbol's true book, the capture lines it makes, and the rows it expects. */
    private static final class Symbol {
        final String name;
        final Random random;
        final TreeMap<Long, Long> bids = new TreeMap<>();
        final TreeMap<Long, Long> asks = new TreeMap<>();
        long id;

        /** update id -> "bid:qty|ask:qty" of the true book, for every id a row may show. */
        final Map<Long, String> truth = new TreeMap<>();

        /** The update ids of the in-sync rows the book must write, in order. */
        final List<Long> expected = new ArrayList<>();

        Symbol(String name, long seed) {
            this.name = name;
            random = new Random(seed);
            id = 10_000 + random.nextInt(1_000);
            for (int i = 0; i < 10; i++) {
                bids.put(90L + i, 1L + random.nextInt(9));
                asks.put(101L + i, 1L + random.nextInt(9));
            }
            truth.put(id, top());
        }

        String top() {
            return level(bids.lastEntry()) + "|" + level(asks.firstEntry());
        }

        private static String level(Map.Entry<Long, Long> e) {
            return price(e.getKey()) + ":" + new BigDecimal(e.getValue()).toPlainString();
        }

        /** Price step 0.0001 around 0.01. */
        static String price(long ticks) {
            return BigDecimal.valueOf(ticks, 4).toPlainString();
        }

        String snapshotLine() {
            return "{\"symbol\":\""
                    + name
                    + "\",\"snapshot\":{\"lastUpdateId\":"
                    + id
                    + ",\"bids\":"
                    + levels(bids.descendingMap())
                    + ",\"asks\":"
                    + levels(asks)
                    + "}}";
        }

        private static String levels(Map<Long, Long> side) {
            return side.entrySet().stream()
                    .map(e -> "[\"" + price(e.getKey()) + "\",\"" + e.getValue() + ".0\"]")
                    .collect(Collectors.joining(",", "[", "]"));
        }

        /** The next diff over one to three update ids, and the true book after it. */
        String diffLine(long eventTime) {
            long first = id + 1;
            id += 1 + random.nextInt(3);
            TreeMap<Long, Long> b = new TreeMap<>();
            TreeMap<Long, Long> a = new TreeMap<>();
            for (long u = first; u <= id; u++) {
                for (int c = 0; c < 2; c++) {
                    boolean bid = random.nextBoolean();
                    long p = bid ? 85 + random.nextInt(15) : 101 + random.nextInt(15);
                    long q =
                            random.nextInt(4) == 0 && p != 99 && p != 101
                                    ? 0
                                    : 1 + random.nextInt(9);
                    (bid ? bids : asks).put(p, q);
                    (bid ? b : a).put(p, q);
                }
                bids.values().removeIf(q -> q == 0);
                asks.values().removeIf(q -> q == 0);
            }
            truth.put(id, top());
            return "{\"stream\":\""
                    + name.toLowerCase()
                    + "@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":"
                    + eventTime
                    + ",\"s\":\""
                    + name
                    + "\",\"U\":"
                    + first
                    + ",\"u\":"
                    + id
                    + ",\"b\":"
                    + levels(b.descendingMap()).replace(".0\"", "\"")
                    + ",\"a\":"
                    + levels(a).replace(".0\"", "\"")
                    + "}}";
        }

        String bookTickerLine() {
            Map.Entry<Long, Long> b = bids.lastEntry();
            Map.Entry<Long, Long> a = asks.firstEntry();
            return "{\"stream\":\""
                    + name.toLowerCase()
                    + "@bookTicker\",\"data\":{\"u\":"
                    + id
                    + ",\"s\":\""
                    + name
                    + "\",\"b\":\""
                    + price(b.getKey())
                    + "\",\"B\":\""
                    + b.getValue()
                    + "\",\"a\":\""
                    + price(a.getKey())
                    + "\",\"A\":\""
                    + a.getValue()
                    + "\"}}";
        }
    }

    /** The aggregate of the one trade {@code tradeId} (0.5 at 0.0100), as beside @trade. */
    private static String aggTrade(String symbol, long aggId, long tradeId, long time) {
        return "{\"stream\":\""
                + symbol.toLowerCase()
                + "@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":"
                + (time + 1)
                + ",\"s\":\""
                + symbol
                + "\",\"a\":"
                + aggId
                + ",\"p\":\"0.0100\",\"q\":\"0.5\",\"f\":"
                + tradeId
                + ",\"l\":"
                + tradeId
                + ",\"T\":"
                + time
                + ",\"m\":false,\"M\":true}}";
    }

    /** A 1m kline; prices, volume and quote volume as decimal text. */
    private static String kline(
            String symbol,
            long open,
            boolean closed,
            String o,
            String h,
            String l,
            String c,
            String volume,
            String quoteVolume,
            long trades) {
        return "{\"stream\":\""
                + symbol.toLowerCase()
                + "@kline_1m\",\"data\":{\"e\":\"kline\",\"E\":"
                + (open + 60_000)
                + ",\"s\":\""
                + symbol
                + "\",\"k\":{\"t\":"
                + open
                + ",\"T\":"
                + (open + 59_999)
                + ",\"s\":\""
                + symbol
                + "\",\"i\":\"1m\",\"f\":1,\"L\":9,\"o\":\""
                + o
                + "\",\"c\":\""
                + c
                + "\",\"h\":\""
                + h
                + "\",\"l\":\""
                + l
                + "\",\"v\":\""
                + volume
                + "\",\"n\":"
                + trades
                + ",\"x\":"
                + closed
                + ",\"q\":\""
                + quoteVolume
                + "\",\"V\":\"0\",\"Q\":\"0\",\"B\":\"0\"}}}";
    }

    @Test
    void aReplayOfDepthSnapshotsAndEveryOtherStreamGivesTheTrueBookAndRecordsTheGap()
            throws Exception {
        Symbol a = new Symbol("BNBBTC", 1);
        Symbol b = new Symbol("ETHBTC", 2);
        List<String> lines = new ArrayList<>();
        lines.add(a.snapshotLine());
        lines.add(b.snapshotLine());
        a.expected.add(a.id);
        b.expected.add(b.id);
        long aggId = 1;
        for (int i = 1; i <= DIFFS; i++) {
            long time = T0 + 100L * i;
            String diffA = a.diffLine(time);
            if (i == DROPPED) {
                // lost on the way: the next diff of BNBBTC is a gap
            } else {
                lines.add(diffA);
                if (i < DROPPED || i > RESYNC_AFTER) {
                    a.expected.add(a.id);
                }
            }
            if (i == RESYNC_AFTER) {
                lines.add(a.snapshotLine());
                a.expected.add(a.id);
            }
            lines.add(b.diffLine(time + 7));
            b.expected.add(b.id);
            if (i % 10 == 0) {
                lines.add(b.bookTickerLine());
                lines.add(aggTrade("ETHBTC", aggId++, 100 + i, time + 9));
                lines.add(CaptureFrames.trade("ETHBTC", 100 + i, "0.0100", time + 9));
            }
        }
        // the venue's own bars: ETHBTC's first minute as ours (12 trades of 0.5 at 0.0100), its
        // second with a high no trade made, and BNBBTC's first, of trades we never saw
        for (int k = 0; k < 3; k++) {
            lines.add(CaptureFrames.trade("ETHBTC", 1_000 + k, "0.0101", T0 + 60_000 + 1_000L * k));
        }
        lines.add(
                kline("ETHBTC", T0, true, "0.0100", "0.0100", "0.0100", "0.0100", "6", "0.06", 12));
        lines.add(
                kline(
                        "ETHBTC",
                        T0 + 60_000,
                        true,
                        "0.0101",
                        "0.0102",
                        "0.0101",
                        "0.0101",
                        "1.5",
                        "0.01515",
                        3));
        lines.add(kline("BNBBTC", T0, true, "0.01", "0.01", "0.01", "0.01", "1", "0.01", 5));
        lines.add(
                kline(
                        "ETHBTC",
                        T0 + 120_000,
                        false,
                        "0.01",
                        "0.01",
                        "0.01",
                        "0.01",
                        "1",
                        "0.01",
                        1));
        Path file = dir.resolve("books.jsonl");
        Files.write(file, lines);
        Path lake = dir.resolve("lake");

        Map<String, Object> acc =
                Replay.run(CaptureLine.Format.BINANCE, file, lake, "1m", Optional.empty());
        ReplayCommand.printBooks(System.out, acc);

        assertThat(ReplayCommand.count(acc, DecodedEventRouter.FRAMES)).isEqualTo(lines.size());
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.QUARANTINED))
                .as("quarantined: %s", quarantined(lake))
                .isZero();
        long diffs = 2L * DIFFS - 1;
        assertThat(
                        ReplayCommand.count(
                                        acc,
                                        BookFunction.accumulator(BookSync.Outcome.DIFF_APPLIED))
                                + ReplayCommand.count(
                                        acc,
                                        BookFunction.accumulator(BookSync.Outcome.DIFF_COVERED))
                                + ReplayCommand.count(
                                        acc,
                                        BookFunction.accumulator(BookSync.Outcome.DIFF_UNSYNCED)))
                .as("every diff applied, covered or never applied")
                .isEqualTo(diffs);
        assertThat(
                        ReplayCommand.count(
                                acc, BookFunction.accumulator(BookSync.Outcome.SNAPSHOT_APPLIED)))
                .isEqualTo(3);
        // a quote and the diff of its id reach the book by two inputs, in either order: one that
        // comes after the book moved on cannot be compared, but none may disagree
        assertThat(
                        ReplayCommand.count(
                                        acc,
                                        BookFunction.accumulator(BookSync.Outcome.QUOTE_MATCHED))
                                + ReplayCommand.count(
                                        acc,
                                        BookFunction.accumulator(BookSync.Outcome.QUOTE_UNCHECKED)))
                .isEqualTo(DIFFS / 10);
        assertThat(
                        ReplayCommand.count(
                                acc, BookFunction.accumulator(BookSync.Outcome.QUOTE_MISMATCHED)))
                .isZero();
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.AGG_TRADES_COUNT)).isEqualTo(12);
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.KLINES_COUNT)).isEqualTo(4);
        assertThat(ReplayCommand.count(acc, ReconcileFunction.MATCHED)).isEqualTo(1);
        assertThat(ReplayCommand.count(acc, ReconcileFunction.MISMATCHED)).isEqualTo(2);

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = duck.createStatement()) {
            for (Symbol sym : List.of(a, b)) {
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs =
                        s.executeQuery(
                                "SELECT update_id, bid_price, bid_quantity, ask_price, ask_quantity"
                                        + " FROM read_parquet('"
                                        + lake
                                        + "/book_top/*/*.parquet') WHERE in_sync AND symbol = '"
                                        + sym.name
                                        + "' ORDER BY update_id")) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        ids.add(id);
                        String top =
                                plain(rs.getBigDecimal(2))
                                        + ":"
                                        + plain(rs.getBigDecimal(3))
                                        + "|"
                                        + plain(rs.getBigDecimal(4))
                                        + ":"
                                        + plain(rs.getBigDecimal(5));
                        assertThat(top)
                                .as("%s top at %d", sym.name, id)
                                .isEqualTo(sym.truth.get(id));
                    }
                }
                assertThat(ids).as("%s in-sync rows", sym.name).isEqualTo(sym.expected);
            }
            bookFieldsOfBars(s, lake, b);
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT symbol, reason, expected_id, seen_id, resync_time IS NOT NULL,"
                                    + " frames_skipped FROM read_parquet('"
                                    + lake
                                    + "/book_gaps/*/*.parquet')")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("BNBBTC");
                assertThat(rs.getString(2)).isEqualTo("GAP");
                assertThat(rs.getLong(4)).isGreaterThan(rs.getLong(3));
                assertThat(rs.getBoolean(5)).isTrue();
                assertThat(rs.next()).as("one gap only").isFalse();
            }
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT count(*), min(event_time) FROM read_parquet('"
                                    + lake
                                    + "/exchange_klines/*/*.parquet')")) {
                rs.next();
                assertThat(rs.getLong(1)).as("closed klines only").isEqualTo(3);
            }
            List<String> differences = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT symbol, reason, field, ours, theirs FROM read_parquet('"
                                    + lake
                                    + "/reconciliation/*/*.parquet') ORDER BY symbol")) {
                while (rs.next()) {
                    differences.add(
                            rs.getString(1)
                                    + " "
                                    + rs.getString(2)
                                    + " "
                                    + rs.getString(3)
                                    + " "
                                    + rs.getString(4)
                                    + " "
                                    + rs.getString(5));
                }
            }
            assertThat(differences)
                    .containsExactly(
                            "BNBBTC NO_BAR null null 5 trades",
                            "ETHBTC MISMATCH high 0.01010000 0.01020000");
            try (ResultSet rs =
                    s.executeQuery(
                            "SELECT count(*) FROM read_parquet('"
                                    + lake
                                    + "/book_top/*/*.parquet') WHERE event_time < TIMESTAMP"
                                    + " '2023-01-01'"
                                    + " OR event_time > TIMESTAMP '2023-12-31'")) {
                rs.next();
                assertThat(rs.getLong(1))
                        .as("snapshot rows dated by the capture, not by the replay's clock")
                        .isZero();
            }
        }
    }

    private static List<String> quarantined(Path lake) throws Exception {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(lake.resolve("quarantine"))) {
            return found;
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = duck.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT reason || ': ' || detail FROM read_parquet('"
                                        + lake
                                        + "/quarantine/*/*.parquet')")) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    /**
     * ETHBTC's bars carry its book: the spread weighted by time and the mid at the close, computed
     * here from its {@code book_top} rows (checked against the true book above); its snapshots at
     * the bar close list the true best levels.
     */
    private static void bookFieldsOfBars(Statement s, Path lake, Symbol sym) throws Exception {
        List<long[]> tops = new ArrayList<>(); // event time, spread in units of 1e-8, bid + ask
        try (ResultSet rs =
                s.executeQuery(
                        "SELECT epoch_ms(event_time), spread, bid_price + ask_price FROM"
                                + " read_parquet('"
                                + lake
                                + "/book_top/*/*.parquet') WHERE in_sync AND symbol = '"
                                + sym.name
                                + "' ORDER BY update_id")) {
            while (rs.next()) {
                tops.add(
                        new long[] {
                            rs.getLong(1),
                            rs.getBigDecimal(2).movePointRight(8).longValueExact(),
                            rs.getBigDecimal(3).movePointRight(8).longValueExact()
                        });
            }
        }
        long[] ends = {T0 + 60_000, T0 + 120_000};
        try (ResultSet rs =
                s.executeQuery(
                        "SELECT epoch_ms(window_end), book_in_sync_ms, book_spread, book_mid FROM"
                                + " read_parquet('"
                                + lake
                                + "/bars_1m/*/*.parquet') WHERE symbol = '"
                                + sym.name
                                + "' ORDER BY window_start")) {
            for (long end : ends) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(end);
                long start = end - 60_000;
                BigDecimal weighted = BigDecimal.ZERO;
                long millis = 0;
                long closeSum = 0;
                for (int i = 0; i < tops.size(); i++) {
                    long from = Math.max(start, tops.get(i)[0]);
                    long to = Math.min(end, i + 1 < tops.size() ? tops.get(i + 1)[0] : end);
                    if (tops.get(i)[0] < end) {
                        closeSum = tops.get(i)[2];
                    }
                    if (to > from) {
                        weighted =
                                weighted.add(
                                        BigDecimal.valueOf(tops.get(i)[1], 8)
                                                .multiply(BigDecimal.valueOf(to - from)));
                        millis += to - from;
                    }
                }
                assertThat(rs.getLong(2)).as("in sync ms to %d", end).isEqualTo(millis);
                assertThat(rs.getBigDecimal(3))
                        .as("time-weighted spread to %d", end)
                        .isEqualTo(
                                weighted.divide(
                                        BigDecimal.valueOf(millis),
                                        16,
                                        java.math.RoundingMode.HALF_EVEN));
                assertThat(rs.getBigDecimal(4))
                        .isEqualTo(
                                BigDecimal.valueOf(closeSum, 8)
                                        .divide(BigDecimal.valueOf(2))
                                        .setScale(9));
            }
        }
        String last = sym.truth.get(sym.id);
        try (ResultSet rs =
                s.executeQuery(
                        "SELECT price, quantity, count(*) OVER (), update_id FROM read_parquet('"
                                + lake
                                + "/book_snapshots/*/*.parquet') WHERE symbol = '"
                                + sym.name
                                + "' AND snapshot_time = make_timestamp("
                                + (T0 + 60_000) * 1000
                                + ") AND level = 1 ORDER BY side DESC")) {
            assertThat(rs.next()).as("a snapshot at the bar close").isTrue();
            String top = plain(rs.getBigDecimal(1)) + ":" + plain(rs.getBigDecimal(2));
            assertThat(rs.getLong(4)).isEqualTo(sym.id);
            assertThat(rs.next()).isTrue();
            top += "|" + plain(rs.getBigDecimal(1)) + ":" + plain(rs.getBigDecimal(2));
            assertThat(top).isEqualTo(last);
        }
        try (ResultSet rs =
                s.executeQuery(
                        "SELECT count(*) FROM read_parquet('"
                                + lake
                                + "/book_snapshots/*/*.parquet') WHERE epoch_ms(snapshot_time) %"
                                + " 10000 <> 0")) {
            rs.next();
            assertThat(rs.getLong(1)).as("snapshots on the 10 s grid only").isZero();
        }
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}

package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.decode.LateTradeFilter;
import io.marketpipe.job.dedupe.DedupeFunction;
import io.marketpipe.job.source.CaptureLine;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.TradeClock;
import io.marketpipe.simulator.TradeGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay over a generated capture with duplicates, arrival disorder under 1 s, an invalid frame of
 * every reason and control frames, checked against an independent computation.
 */
class ReplayITCase {
    private static final long T0 = 1_700_000_040_000L;
    private static final int TRADES = 6_000;
    private static final List<String> SYMBOLS =
            List.of("BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "BNBUSDT");

    @TempDir Path dir;

    private static String frame(SimTrade t, String price, String qty, long time) {
        return "{\"stream\":\""
                + t.symbol().toLowerCase()
                + "@trade\",\"data\":{\"e\":\"trade\",\"E\":"
                + time
                + ",\"s\":\""
                + t.symbol()
                + "\",\"t\":"
                + t.tradeId()
                + ",\"p\":\""
                + price
                + "\",\"q\":\""
                + qty
                + "\",\"T\":"
                + time
                + ",\"m\":"
                + t.buyerIsMaker()
                + ",\"M\":true}}";
    }

    private static String frame(SimTrade t) {
        return frame(
                t,
                SimTrade.decimal(t.priceUnits()),
                SimTrade.decimal(t.quantityUnits()),
                t.tradeTimeMillis());
    }

    @Test
    void replayMatchesAnIndependentComputationAndAccountsForEveryFrame() throws Exception {
        TradeGenerator gen = new TradeGenerator(SYMBOLS, 11, TradeClock.stepping(T0, 50));
        List<SimTrade> trades = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < TRADES; i++) {
            SimTrade t = gen.next();
            trades.add(t);
            lines.add(frame(t));
        }
        // arrival disorder under 1 s: shuffle runs of 10 lines (50 ms apart = 450 ms spread)
        Random random = new Random(5);
        for (int from = 0; from < lines.size(); from += 10) {
            Collections.shuffle(lines.subList(from, Math.min(lines.size(), from + 10)), random);
        }
        // duplicates: every 40th trade again, a few lines later
        int duplicates = 0;
        for (int i = TRADES - 1; i >= 0; i -= 40) {
            lines.add(Math.min(lines.size(), i + 7), frame(trades.get(i)));
            duplicates++;
        }
        SimTrade sample = trades.get(TRADES / 2);
        List<String> invalid =
                List.of(
                        frame(sample).substring(0, 60), // MALFORMED
                        frame(sample)
                                .replace("\"s\":\"" + sample.symbol() + "\",", ""), // MISSING_FIELD
                        frame(sample)
                                .replace(
                                        "\"s\":\"" + sample.symbol() + "\"",
                                        "\"s\":\"b\""), // BAD_SYMBOL
                        frame(
                                sample,
                                "0",
                                SimTrade.decimal(sample.quantityUnits()),
                                sample.tradeTimeMillis()), // BAD_PRICE
                        frame(sample, "1.5", "-1", sample.tradeTimeMillis()), // BAD_QUANTITY
                        frame(sample, "1.5", "2", 1_000), // BAD_TIMESTAMP
                        frame(sample)
                                .replace(
                                        "\"e\":\"trade\"",
                                        "\"e\":\"outboundAccountPosition\""), // UNKNOWN_MESSAGE
                        // MALFORMED, cut: a line over the reader's 4 MiB bound, read no further
                        frame(sample)
                                .replace(
                                        "{\"stream\":",
                                        "{\"pad\":\"" + "x".repeat(5 << 20) + "\",\"stream\":"));
        int at = lines.size() / 2;
        lines.addAll(at, invalid);
        // LATE: a new trade id far behind the watermark, near the end
        SimTrade late =
                new SimTrade(
                        "BTCUSDT",
                        9_000_000,
                        100_000_000,
                        100_000_000,
                        trades.get(TRADES - 1).tradeTimeMillis() - 30_000,
                        true);
        String lateFrame = frame(late);
        lines.add(lines.size() - 20, lateFrame);
        lines.add(0, "{\"result\":null,\"id\":1}");
        // quotes: bookTicker frames, to the quotes table as received
        List<String> quotes =
                List.of(
                        "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BTCUSDT\","
                                + "\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\","
                                + "\"A\":\"40.66000000\"}}",
                        "{\"stream\":\"ethusdt@bookTicker\",\"data\":{\"u\":7,\"s\":\"ETHUSDT\","
                                + "\"b\":\"1800.1\",\"B\":\"0\",\"a\":\"1800.2\",\"A\":\"0.5\"}}");
        lines.add(lines.size() / 4, quotes.get(0));
        lines.add(lines.size() / 2, quotes.get(1));
        lines.add(lines.size() / 3, "{\"e\":\"serverShutdown\",\"E\":" + T0 + "}");
        Path capture = dir.resolve("capture.jsonl");
        Files.write(capture, lines);
        Path lake = dir.resolve("lake");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit =
                new ReplayCommand(new PrintStream(printed, true))
                        .run(
                                new String[] {
                                    "--source",
                                    "binance",
                                    "--input",
                                    capture.toString(),
                                    "--lake",
                                    lake.toString()
                                });
        assertThat(exit).isZero();
        assertThat(printed.toString())
                .contains("quarantined LATE")
                .contains("duplicates " + duplicates);

        Map<String, Object> acc =
                Replay.run(
                        CaptureLine.Format.BINANCE,
                        capture,
                        dir.resolve("lake2"),
                        "1m",
                        Optional.empty());
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.FRAMES)).isEqualTo(lines.size());
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.TRADES))
                .isEqualTo(TRADES + duplicates + 1);
        assertThat(ReplayCommand.count(acc, DedupeFunction.DUPLICATES)).isEqualTo(duplicates);
        assertThat(ReplayCommand.count(acc, LateTradeFilter.LATE)).isEqualTo(1);
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.CONTROL)).isEqualTo(2);
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.QUOTES_COUNT))
                .isEqualTo(quotes.size());
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.QUARANTINED))
                .isEqualTo(invalid.size());

        Map<String, ExpectedBars.Bar> expected =
                ExpectedBars.compute(trades, 60_000, Long.MAX_VALUE);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement()) {
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT count(*), count(DISTINCT symbol || '#' || trade_id) FROM read_parquet('"
                                    + lake
                                    + "/trades/*/*.parquet')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(TRADES);
                assertThat(rs.getLong(2)).isEqualTo(TRADES);
            }
            List<String> seen = new ArrayList<>();
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT symbol, epoch_ms(window_start), open, high, low, close, volume, quote_volume, vwap, trade_count, buy_volume"
                                    + " FROM read_parquet('"
                                    + lake
                                    + "/bars_1m/*/*.parquet')")) {
                while (rs.next()) {
                    String key = rs.getString(1) + "@" + rs.getLong(2);
                    ExpectedBars.Bar bar = expected.get(key);
                    assertThat(bar).as(key).isNotNull();
                    assertThat(rs.getBigDecimal(3))
                            .as(key + " open")
                            .isEqualByComparingTo(bar.open());
                    assertThat(rs.getBigDecimal(4))
                            .as(key + " high")
                            .isEqualByComparingTo(bar.high());
                    assertThat(rs.getBigDecimal(5))
                            .as(key + " low")
                            .isEqualByComparingTo(bar.low());
                    assertThat(rs.getBigDecimal(6))
                            .as(key + " close")
                            .isEqualByComparingTo(bar.close());
                    assertThat(rs.getBigDecimal(7))
                            .as(key + " volume")
                            .isEqualByComparingTo(bar.volume());
                    assertThat(rs.getBigDecimal(8))
                            .as(key + " quote volume")
                            .isEqualByComparingTo(bar.quoteVolume());
                    assertThat(rs.getBigDecimal(9))
                            .as(key + " vwap")
                            .isEqualByComparingTo(bar.vwap());
                    assertThat(rs.getLong(10)).as(key + " count").isEqualTo(bar.count());
                    assertThat(rs.getBigDecimal(11))
                            .as(key + " buy volume")
                            .isEqualByComparingTo(bar.buyVolume());
                    seen.add(key);
                }
            }
            assertThat(seen).containsExactlyInAnyOrderElementsOf(expected.keySet());
            List<String> reasons = new ArrayList<>();
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT reason FROM read_parquet('"
                                    + lake
                                    + "/quarantine/*/*.parquet') ORDER BY reason")) {
                while (rs.next()) {
                    reasons.add(rs.getString(1));
                }
            }
            assertThat(reasons)
                    .containsExactly(
                            "BAD_PRICE",
                            "BAD_QUANTITY",
                            "BAD_SYMBOL",
                            "BAD_TIMESTAMP",
                            "LATE",
                            "MALFORMED",
                            "MALFORMED",
                            "MISSING_FIELD",
                            "UNKNOWN_MESSAGE");
            List<String> quoteRows = new ArrayList<>();
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT symbol, update_id, bid_price, bid_quantity, ask_price, ask_quantity,"
                                    + " last_price FROM read_parquet('"
                                    + lake
                                    + "/quotes/*/*.parquet') ORDER BY symbol")) {
                while (rs.next()) {
                    quoteRows.add(
                            rs.getString(1)
                                    + " "
                                    + rs.getLong(2)
                                    + " "
                                    + rs.getBigDecimal(3).stripTrailingZeros().toPlainString()
                                    + " x "
                                    + rs.getBigDecimal(4).stripTrailingZeros().toPlainString()
                                    + " / "
                                    + rs.getBigDecimal(5).stripTrailingZeros().toPlainString()
                                    + " x "
                                    + rs.getBigDecimal(6).stripTrailingZeros().toPlainString()
                                    + " "
                                    + rs.getString(7));
                }
            }
            assertThat(quoteRows)
                    .containsExactly(
                            "BTCUSDT 400900217 25.3519 x 31.21 / 25.3652 x 40.66 null",
                            "ETHUSDT 7 1800.1 x 0 / 1800.2 x 0.5 null");
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT detail FROM read_parquet('"
                                    + lake
                                    + "/quarantine/*/*.parquet') WHERE detail LIKE '%longer than%'")) {
                assertThat(rs.next()).as("the oversized line's record").isTrue();
                assertThat(rs.getString(1))
                        .contains("is longer than 4194304 bytes")
                        .contains("more cut off");
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs =
                    sql.executeQuery(
                            "SELECT encoding, decode(raw), detail FROM read_parquet('"
                                    + lake
                                    + "/quarantine/*/*.parquet') WHERE reason = 'LATE'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("JSON");
                assertThat(rs.getString(2)).isEqualTo(lateFrame);
                assertThat(rs.getString(3)).contains("BTCUSDT #9000000");
            }
        }

        ByteArrayOutputStream queried = new ByteArrayOutputStream();
        new QueryCommand(new PrintStream(queried, true))
                .run(
                        new String[] {
                            "--lake",
                            lake.toString(),
                            "SELECT symbol, count(*) AS n FROM trades GROUP BY symbol ORDER BY symbol"
                        });
        assertThat(queried.toString())
                .contains("BTCUSDT | " + TRADES / SYMBOLS.size())
                .contains("(5 rows)");
    }

    @Test
    void gapMarkersOfARecordedCaptureReachTheGapsTable() throws Exception {
        long received = (T0 + 5_000) * 1_000;
        List<String> lines =
                List.of(
                        "BINANCE\tJSON\tLIVE\t"
                                + received
                                + "\t"
                                + frame(
                                        new SimTrade(
                                                "BTCUSDT",
                                                100,
                                                100_000_000,
                                                100_000_000,
                                                T0,
                                                true)),
                        "BINANCE\tJSON\tGAP_MARKER\t"
                                + received
                                + "\t{\"gap\":\"unrecoverable\",\"symbol\":\"BTCUSDT\",\"fromId\":101,"
                                + "\"toId\":250,\"reason\":\"REST answered HTTP 403\"}",
                        "BINANCE\tJSON\tGAP_MARKER\t" + received + "\t{\"gap\":\"unrecoverable\"}");
        Path capture = dir.resolve("recorded.tsv");
        Files.write(capture, lines);
        Path lake = dir.resolve("lake-gaps");

        Map<String, Object> acc =
                Replay.run(CaptureLine.Format.RECORDED, capture, lake, "1m", Optional.empty());

        assertThat(ReplayCommand.count(acc, DecodedEventRouter.FRAMES)).isEqualTo(3);
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.TRADES)).isEqualTo(1);
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.GAPS_COUNT)).isEqualTo(1);
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.QUARANTINED))
                .as("a marker without its ids")
                .isEqualTo(1);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement();
                ResultSet rs =
                        sql.executeQuery(
                                "SELECT venue, symbol, from_id, to_id, trade_count, reason,"
                                        + " epoch_us(detected_time), dt FROM read_parquet('"
                                        + lake
                                        + "/gaps/*/*.parquet', hive_partitioning = true)")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("BINANCE");
            assertThat(rs.getString(2)).isEqualTo("BTCUSDT");
            assertThat(rs.getLong(3)).isEqualTo(101);
            assertThat(rs.getLong(4)).isEqualTo(250);
            assertThat(rs.getLong(5)).isEqualTo(150);
            assertThat(rs.getString(6)).isEqualTo("REST answered HTTP 403");
            assertThat(rs.getLong(7)).isEqualTo(received);
            assertThat(rs.getString(8)).isEqualTo("2023-11-14");
            assertThat(rs.next()).isFalse();
        }
    }
}

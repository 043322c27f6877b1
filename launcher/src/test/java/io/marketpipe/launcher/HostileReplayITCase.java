package io.marketpipe.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.decode.LateTradeFilter;
import io.marketpipe.job.dedupe.DedupeFunction;
import io.marketpipe.job.source.CaptureLine;
import java.io.ByteArrayOutputStream;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole replays of captures with hostile lines of the kinds an adversarial review found stopping
 * the job, switching a guard off, or changing genuine trades: each replay must finish, write every
 * genuine trade exactly once, and account for every hostile line. Before the fixes, the first and
 * last of these restarted the job forever (so each has a timeout) and the other two wrote genuine
 * trades twice or quarantined thousands of them LATE.
 */
class HostileReplayITCase {
    private static final long T0 = 1_700_000_040_000L;

    @TempDir Path dir;

    private static String trade(String symbol, long id, String price, long time) {
        return CaptureFrames.trade(symbol, id, price, time);
    }

    /** {@code count} trades of two symbols, ids from 1,000, 50 ms apart from T0. */
    private static List<String> genuine(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String symbol = i % 2 == 0 ? "BTCUSDT" : "ETHUSDT";
            lines.add(trade(symbol, 1_000 + i / 2, (100 + i % 7) + ".5", T0 + 50L * i));
        }
        return lines;
    }

    private static long count(Path lake, String sql) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery(sql.replace("LAKE", lake.toString()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void surrogatesInASymbolAreQuarantinedAndTheLakeWritesEveryOtherTrade() throws Exception {
        List<String> lines = genuine(2_000);
        ByteArrayOutputStream capture = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            capture.writeBytes(lines.get(i).getBytes(UTF_8));
            capture.write('\n');
            if (i == 500 || i == 1_000) {
                // "s" holds ED A0 80 (U+D800) or F4 90 80 80 (above U+10FFFF)
                byte[] hostile =
                        i == 500
                                ? new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}
                                : new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80};
                String[] parts =
                        trade("BTCUSDT", 9_999_999, "1.5", T0 + 50L * i).split("BTCUSDT\",", 2);
                capture.writeBytes(parts[0].getBytes(UTF_8));
                capture.writeBytes("BTC".getBytes(UTF_8));
                capture.writeBytes(hostile);
                capture.writeBytes(("\"," + parts[1] + "\n").getBytes(UTF_8));
            }
            if (i == 1_500) {
                // valid UTF-8 whose JSON escape is a lone surrogate: it reaches the detail
                capture.writeBytes(
                        (trade("BTCUSDT", 9_999_998, "1.5", T0 + 50L * i)
                                                .replace("\"s\":\"BTCUSDT\"", "\"s\":\"\\ud800\"")
                                        + "\n")
                                .getBytes(UTF_8));
            }
        }
        Path file = dir.resolve("surrogates.jsonl");
        Files.write(file, capture.toByteArray());
        Path lake = dir.resolve("lake");

        Map<String, Object> acc =
                Replay.run(CaptureLine.Format.BINANCE, file, lake, "1m", Optional.empty());

        assertThat(ReplayCommand.count(acc, DecodedEventRouter.FRAMES)).isEqualTo(2_003);
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.QUARANTINED)).isEqualTo(3);
        assertThat(count(lake, "SELECT count(*) FROM read_parquet('LAKE/trades/*/*.parquet')"))
                .isEqualTo(2_000);
        assertThat(
                        count(
                                lake,
                                "SELECT count(*) FROM read_parquet('LAKE/quarantine/*/*.parquet')"
                                        + " WHERE (reason = 'MALFORMED' AND detail LIKE '%not strict UTF-8%')"
                                        + " OR (reason = 'BAD_SYMBOL' AND detail LIKE '%\\ud800%')"))
                .isEqualTo(3);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aTradeWithAHugeIdDoesNotSwitchDedupeOffForItsSymbol() throws Exception {
        List<String> lines = genuine(2_000);
        // a valid-looking trade with t = 2^62, then every BTCUSDT trade so far sent again
        int at = 1_200;
        lines.add(at, trade("BTCUSDT", 1L << 62, "101.5", T0 + 50L * at));
        List<String> resent = new ArrayList<>();
        for (int i = 0; i < at; i += 2) {
            resent.add(lines.get(i));
        }
        lines.addAll(at + 1, resent);
        Path file = dir.resolve("huge-id.jsonl");
        Files.write(file, lines);
        Path lake = dir.resolve("lake");

        Map<String, Object> acc =
                Replay.run(CaptureLine.Format.BINANCE, file, lake, "1m", Optional.empty());

        assertThat(ReplayCommand.count(acc, DedupeFunction.DUPLICATES)).isEqualTo(resent.size());
        assertThat(
                        count(
                                lake,
                                "SELECT count(*) - count(DISTINCT symbol || '#' || trade_id)"
                                        + " FROM read_parquet('LAKE/trades/*/*.parquet')"))
                .as("trades written twice")
                .isZero();
        assertThat(count(lake, "SELECT count(*) FROM read_parquet('LAKE/trades/*/*.parquet')"))
                .isEqualTo(2_001);
        assertThat(
                        count(
                                lake,
                                "SELECT sum(trade_count) FROM read_parquet('LAKE/bars_1m/*/*.parquet')"))
                .as("bars count each trade once")
                .isEqualTo(2_001);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void impossibleReceiveTimesInARecordingAreMalformedAndMoveNoWatermark() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String frame : genuine(3_000)) {
            long time = Long.parseLong(frame.replaceAll(".*\"T\":(\\d+).*", "$1"));
            lines.add("BINANCE\tJSON\tLIVE\t" + (time + 100) * 1_000 + "\t" + frame);
        }
        long y2099 = 4_084_876_800_000L;
        String future = trade("BTCUSDT", 99_999, "100.5", y2099);
        lines.add(100, "BINANCE\tJSON\tLIVE\t0\t" + future);
        lines.add(200, "BINANCE\tJSON\tLIVE\t" + Long.MAX_VALUE + "\t" + future);
        lines.add(300, "BINANCE\tJSON\tLIVE\t" + (y2099 * 1_000 + 500) + "\t" + future);
        lines.add(400, "BINANCE\tJSON\tARCHIVE\t" + T0 * 1_000 + "\t" + future);
        Path file = dir.resolve("recorded.tsv");
        Files.write(file, lines);
        Path lake = dir.resolve("lake");

        Map<String, Object> acc =
                Replay.run(CaptureLine.Format.RECORDED, file, lake, "1m", Optional.empty());

        assertThat(ReplayCommand.count(acc, DecodedEventRouter.QUARANTINED + ".MALFORMED"))
                .isEqualTo(4);
        assertThat(ReplayCommand.count(acc, LateTradeFilter.LATE)).isZero();
        assertThat(count(lake, "SELECT count(*) FROM read_parquet('LAKE/trades/*/*.parquet')"))
                .isEqualTo(3_000);
        assertThat(
                        count(
                                lake,
                                "SELECT count(*) FROM read_parquet('LAKE/trades/*/*.parquet',"
                                        + " hive_partitioning = true) WHERE CAST(dt AS VARCHAR) >= '2099'"))
                .isZero();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aThousandDatesInOneReplayStayWithinTheHeap() throws Exception {
        long day = 86_400_000L;
        long from = 1_325_376_000_000L; // 2012-01-01
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            lines.add(trade("BTCUSDT", 1_000 + i, "5.5", from + i * day + 3_600_000));
        }
        Path file = dir.resolve("sparse.jsonl");
        Files.write(file, lines);
        Path lake = dir.resolve("lake");

        Map<String, Object> acc =
                Replay.run(CaptureLine.Format.BINANCE, file, lake, "1m", Optional.empty());

        assertThat(ReplayCommand.count(acc, DecodedEventRouter.TRADES)).isEqualTo(1_000);
        assertThat(
                        count(
                                lake,
                                "SELECT count(DISTINCT dt) FROM read_parquet('LAKE/trades/*/*.parquet',"
                                        + " hive_partitioning = true)"))
                .isEqualTo(1_000);
        assertThat(count(lake, "SELECT count(*) FROM read_parquet('LAKE/bars_1m/*/*.parquet')"))
                .isEqualTo(1_000);
    }
}

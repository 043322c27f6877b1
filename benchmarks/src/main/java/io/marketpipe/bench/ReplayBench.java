package io.marketpipe.bench;

import io.marketpipe.job.decode.DecodeFunction;
import io.marketpipe.job.source.CaptureLine;
import io.marketpipe.launcher.Replay;
import io.marketpipe.localstack.ProjectHome;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Replay throughput: a generated capture of TRADES Binance trades over SYMBOLS symbols (combined
 * stream JSON, 1 % duplicates), through the whole topology at parallelism 2 into a Parquet lake
 * (trades and bars_1m). Usage: {@code ReplayBench TRADES SYMBOLS}.
 */
public final class ReplayBench {
    private ReplayBench() {}

    public static void main(String[] args) throws Exception {
        long trades = Long.parseLong(args[0]);
        int symbols = Integer.parseInt(args[1]);
        Path dir = ProjectHome.localData().resolve("bench");
        Files.createDirectories(dir);
        Path capture = dir.resolve("capture-" + trades + "-" + symbols + ".jsonl");
        if (!Files.exists(capture)) {
            generate(capture, trades, symbols);
        }
        Path lake = dir.resolve("replay-lake");
        ProjectHome.deleteLocalData(lake);
        long started = System.nanoTime();
        Map<String, Object> acc =
                Replay.run(CaptureLine.Format.BINANCE, capture, lake, "1m", Optional.empty());
        double seconds = (System.nanoTime() - started) / 1e9;
        long decoded = ((Number) acc.get(DecodeFunction.TRADES)).longValue();
        System.out.printf(
                "replay trades=%d symbols=%d capture_mb=%d seconds=%.1f trades_per_s=%.0f (parallelism 2, Parquet lake trades+bars_1m)%n",
                decoded, symbols, Files.size(capture) >> 20, seconds, decoded / seconds);
    }

    private static void generate(Path file, long trades, int symbols) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        long[] ids = new long[symbols];
        long[] prices = new long[symbols];
        for (int s = 0; s < symbols; s++) {
            prices[s] = 10_000 + random.nextInt(90_000);
        }
        long t0 = 1_700_000_040_000L;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long i = 0; i < trades; i++) {
                int s = (int) (i % symbols);
                prices[s] = Math.max(100, prices[s] + random.nextInt(-3, 4));
                long time = t0 + i / 10;
                String line =
                        "{\"stream\":\"sym"
                                + s
                                + "usdt@trade\",\"data\":{\"e\":\"trade\",\"E\":"
                                + time
                                + ",\"s\":\"SYM"
                                + s
                                + "USDT\",\"t\":"
                                + (++ids[s])
                                + ",\"p\":\""
                                + prices[s] / 100
                                + "."
                                + String.format("%02d", prices[s] % 100)
                                + "000000\",\"q\":\"0."
                                + String.format("%08d", 1 + random.nextInt(99_999_999))
                                + "\",\"T\":"
                                + time
                                + ",\"m\":"
                                + random.nextBoolean()
                                + ",\"M\":true}}";
                out.write(line);
                out.write('\n');
                if (i % 100 == 0) {
                    out.write(line); // a duplicate
                    out.write('\n');
                }
            }
        }
    }
}

package io.marketpipe.bench;

import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.signals.StrategyFunction;
import io.marketpipe.job.source.CaptureLine;
import io.marketpipe.launcher.Replay;
import io.marketpipe.localstack.ProjectHome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Replay throughput: a generated capture of TRADES Binance trades over SYMBOLS symbols (combined
 * stream JSON, 1 % duplicates), through the whole topology at parallelism 2 into a Parquet lake
 * (trades and bars_1m). Usage: {@code ReplayBench TRADES SYMBOLS [SPACING_MS] [strategies|none]
 * [PARALLELISM] [streams=LIST]}: trades are SPACING_MS apart in event time (default 0.1 ms: ten a
 * millisecond); with {@code strategies}, the three kinds run on the 1-minute bars of every symbol
 * and write their four lake tables; {@code streams=} sets {@code source / market-streams} (empty:
 * trades and quotes only).
 */
public final class ReplayBench {
    private ReplayBench() {}

    public static void main(String[] args) throws Exception {
        long trades = Long.parseLong(args[0]);
        int symbols = Integer.parseInt(args[1]);
        long spacingMicros =
                args.length > 2 ? Math.round(Double.parseDouble(args[2]) * 1_000) : 100;
        boolean strategies = args.length > 3 && args[3].equals("strategies");
        int parallelism = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        // streams=LIST: source / market-streams (streams= alone: trades and quotes only)
        String streams =
                args.length > 5 && args[5].startsWith("streams=")
                        ? args[5].substring("streams=".length())
                        : null;
        Path dir = ProjectHome.localData().resolve("bench");
        Files.createDirectories(dir);
        Path capture =
                dir.resolve(
                        "capture-"
                                + trades
                                + "-"
                                + symbols
                                + (spacingMicros == 100 ? "" : "-" + spacingMicros + "us")
                                + ".jsonl");
        if (!Files.exists(capture)) {
            generate(capture, trades, symbols, spacingMicros);
        }
        Path lake = dir.resolve("replay-lake");
        ProjectHome.deleteLocalData(lake);
        Map<String, Properties> groups = new TreeMap<>();
        Properties bars = new Properties();
        bars.setProperty("intervals", "1m");
        groups.put(JobConfig.BARS, bars);
        if (streams != null) {
            Properties source = new Properties();
            source.setProperty("market-streams", streams);
            groups.put(JobConfig.SOURCE, source);
        }
        if (strategies) {
            groups.put(JobConfig.STRATEGIES, strategies());
        }
        long started = System.nanoTime();
        FirstCommit first = FirstCommit.watch(lake, started);
        Map<String, Object> acc;
        try {
            acc =
                    Replay.run(
                            CaptureLine.Format.BINANCE,
                            List.of(capture),
                            lake,
                            groups,
                            parallelism);
        } finally {
            first.stop();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long decoded = ((Number) acc.get(DecodedEventRouter.TRADES)).longValue();
        Object signals = acc.get(StrategyFunction.SIGNALS);
        System.out.printf(
                "replay trades=%d symbols=%d capture_mb=%d event_span_min=%d seconds=%.1f trades_per_s=%.0f"
                        + " first_commit_s=%s strategies=%s signals=%s (parallelism %d, Parquet lake"
                        + " trades+bars_1m%s)%n",
                decoded,
                symbols,
                Files.size(capture) >> 20,
                trades * spacingMicros / 60_000_000,
                seconds,
                decoded / seconds,
                first.seconds(),
                strategies ? "3" : "0",
                signals == null ? "0" : signals,
                parallelism,
                strategies ? "+signals,fills,round_trips,equity" : "");
    }

    /**
     * When the first Parquet file of the lake was committed (visible under its final name: the
     * FileSink's in-progress files start with a dot), seconds after the replay started.
     */
    private static final class FirstCommit {
        private final Thread thread;
        private volatile double seconds = Double.NaN;
        private volatile boolean stopped;

        private FirstCommit(Path lake, long startedNanos) {
            thread =
                    new Thread(
                            () -> {
                                while (!stopped && Double.isNaN(seconds)) {
                                    if (committed(lake)) {
                                        seconds = (System.nanoTime() - startedNanos) / 1e9;
                                        return;
                                    }
                                    try {
                                        Thread.sleep(10);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                }
                            },
                            "first-commit-watch");
            thread.setDaemon(true);
            thread.start();
        }

        static FirstCommit watch(Path lake, long startedNanos) {
            return new FirstCommit(lake, startedNanos);
        }

        private static boolean committed(Path lake) {
            if (!Files.isDirectory(lake)) {
                return false;
            }
            try (Stream<Path> files = Files.walk(lake)) {
                return files.anyMatch(
                        p -> {
                            String name = p.getFileName().toString();
                            return name.endsWith(".parquet") && !name.startsWith(".");
                        });
            } catch (IOException | UncheckedIOException e) {
                return false; // a file renamed while listed: look again
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(1_000);
        }

        String seconds() {
            return Double.isNaN(seconds) ? "none" : String.format("%.1f", seconds);
        }
    }

    /** One instance of each kind on 1-minute bars of every symbol. */
    private static Properties strategies() {
        Properties s = new Properties();
        s.setProperty("ids", "dip,cross,breakout");
        s.setProperty("dip.kind", "dip-buy");
        s.setProperty("dip.dip.pct", "0.05");
        s.setProperty("dip.take-profit.pct", "0.1");
        s.setProperty("dip.stop-loss.pct", "0.1");
        s.setProperty("cross.kind", "ma-cross");
        s.setProperty("cross.ma", "ema");
        s.setProperty("breakout.kind", "breakout");
        s.setProperty("breakout.trailing-stop.pct", "0.1");
        return s;
    }

    private static void generate(Path file, long trades, int symbols, long spacingMicros)
            throws Exception {
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
                long time = t0 + i * spacingMicros / 1_000;
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

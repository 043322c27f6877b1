package io.marketpipe.bench;

import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.signals.StrategyFunction;
import io.marketpipe.job.source.CaptureLine;
import io.marketpipe.launcher.Replay;
import io.marketpipe.localstack.ProjectHome;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Replay throughput: a generated capture of TRADES Binance trades over SYMBOLS symbols (combined
 * stream JSON, 1 % duplicates), through the whole topology at parallelism 2 into a Parquet lake
 * (trades and bars_1m). Usage: {@code ReplayBench TRADES SYMBOLS [SPACING_MS] [strategies]}: trades
 * are SPACING_MS apart in event time (default 0.1 ms: ten a millisecond); with {@code strategies},
 * the three kinds run on the 1-minute bars of every symbol and write their four lake tables.
 */
public final class ReplayBench {
    private ReplayBench() {}

    public static void main(String[] args) throws Exception {
        long trades = Long.parseLong(args[0]);
        int symbols = Integer.parseInt(args[1]);
        long spacingMicros =
                args.length > 2 ? Math.round(Double.parseDouble(args[2]) * 1_000) : 100;
        boolean strategies = args.length > 3 && args[3].equals("strategies");
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
        if (strategies) {
            groups.put(JobConfig.STRATEGIES, strategies());
        }
        long started = System.nanoTime();
        Map<String, Object> acc =
                Replay.run(CaptureLine.Format.BINANCE, List.of(capture), lake, groups, 2);
        double seconds = (System.nanoTime() - started) / 1e9;
        long decoded = ((Number) acc.get(DecodedEventRouter.TRADES)).longValue();
        Object signals = acc.get(StrategyFunction.SIGNALS);
        System.out.printf(
                "replay trades=%d symbols=%d capture_mb=%d event_span_min=%d seconds=%.1f trades_per_s=%.0f"
                        + " strategies=%s signals=%s (parallelism 2, Parquet lake trades+bars_1m%s)%n",
                decoded,
                symbols,
                Files.size(capture) >> 20,
                trades * spacingMicros / 60_000_000,
                seconds,
                decoded / seconds,
                strategies ? "3" : "0",
                signals == null ? "0" : signals,
                strategies ? "+signals,fills,round_trips,equity" : "");
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

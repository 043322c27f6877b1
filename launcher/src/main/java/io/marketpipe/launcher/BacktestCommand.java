package io.marketpipe.launcher;

import io.marketpipe.job.config.JobConfig;
import io.marketpipe.localstack.ProjectHome;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code ./pipeline backtest}: replays captures or Binance's history through the job with
 * strategies, then prints each strategy's metrics from the lake (the SQL Athena runs too) and, with
 * {@code --report}, writes an HTML page.
 */
final class BacktestCommand {
    static final String USAGE =
            "backtest --source binance|sbe|finnhub|recorded|binance-archive --input FILE..."
                    + " [--strategies FILE.json] [--report DIR] [--lake DIR]"
                    + " [--sweep 'ID.KEY=V1,V2'...] [--rank-by METRIC] [--parallelism N]";

    /** The metrics printed, in order; their labels are {@link MetricLabels}'. */
    private static final List<String> PRINTED =
            List.of(
                    "net_pnl",
                    "return_pct",
                    "round_trips",
                    "win_rate_pct",
                    "profit_factor",
                    "expectancy",
                    "average_win",
                    "average_loss",
                    "best_trade",
                    "worst_trade",
                    "max_drawdown_pct",
                    "max_drawdown_bars",
                    "sharpe",
                    "sortino",
                    "exposure_pct",
                    "fees_paid",
                    "buy_hold_return_pct",
                    "capital",
                    "bars");

    private final PrintStream out;

    BacktestCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) throws Exception {
        Args args =
                new Args(
                        argv,
                        Set.of(
                                "--source",
                                "--input",
                                "--strategies",
                                "--report",
                                "--lake",
                                "--sweep",
                                "--rank-by",
                                "--parallelism"),
                        Set.of());
        String source = ReplaySource.parse(args.get("--source", ""));
        List<Path> inputs = new ArrayList<>();
        for (String input : args.getAll("--input")) {
            inputs.add(Path.of(input));
        }
        args.positional().forEach(p -> inputs.add(Path.of(p)));
        if (inputs.isEmpty()) {
            throw new Args.UsageException("--input is required");
        }
        for (Path input : inputs) {
            if (!Files.isReadable(input)) {
                throw new Args.UsageException("cannot read " + input);
            }
        }
        int parallelism = (int) args.getLong("--parallelism", Replay.DEFAULT_PARALLELISM, 1);
        String rankBy = args.get("--rank-by", "sharpe");
        Map<String, Properties> groups =
                StrategiesFile.read(args.get("--strategies", ""), StrategiesFile.BACKTEST_DEFAULTS);
        Properties strategies = StrategySweeps.group(groups);
        groups.put(JobConfig.STRATEGIES, StrategySweeps.apply(strategies, args.getAll("--sweep")));
        groups.computeIfAbsent(JobConfig.BARS, g -> new Properties());
        if (!groups.get(JobConfig.BARS).containsKey("intervals")) {
            groups.get(JobConfig.BARS)
                    .setProperty(
                            "intervals",
                            StrategySweeps.intervals(groups.get(JobConfig.STRATEGIES)));
        }
        Path lake = freshLake(args.get("--lake", ""));

        long started = System.nanoTime();
        Map<String, Object> acc = Replay.run(source, inputs, lake, groups, parallelism);
        out.printf(
                "backtest over %d file%s in %.1f s: %,d trades, %,d signals, %,d round trips%n",
                inputs.size(),
                inputs.size() == 1 ? "" : "s",
                (System.nanoTime() - started) / 1e9,
                ReplayCommand.count(acc, io.marketpipe.job.decode.DecodedEventRouter.TRADES),
                ReplayCommand.count(acc, io.marketpipe.job.signals.StrategyFunction.SIGNALS),
                ReplayCommand.count(
                        acc, io.marketpipe.job.signals.StrategyFunction.ROUND_TRIP_COUNT));
        BacktestSummary summary = BacktestSummary.read(lake);
        if (summary.strategies.isEmpty()) {
            out.println("no strategy produced an equity row: is there a bar for its interval?");
            return 1;
        }
        List<Map<String, Object>> ranked = summary.rankedBy(rankBy);
        print(ranked, rankBy);
        out.println(
                "lake "
                        + lake.toAbsolutePath()
                        + " (./pipeline query --lake "
                        + lake
                        + " \"...\")");
        if (args.flag("--report")) {
            Path report = Path.of(args.get("--report", ""));
            Path page = BacktestReport.write(report, summary, ranked, rankBy);
            out.println("report " + page.toAbsolutePath());
        }
        return 0;
    }

    /**
     * An empty lake folder: the default (or one under .local/) is cleared; any other must be empty
     * or new, so a backtest never mixes its rows with another's.
     */
    static Path freshLake(String given) throws IOException {
        Path lake =
                given.isEmpty()
                        ? ProjectHome.localData().resolve("backtest").resolve("lake")
                        : Path.of(given);
        Path target = lake.toAbsolutePath().normalize();
        if (target.startsWith(ProjectHome.localData().toAbsolutePath().normalize())) {
            ProjectHome.deleteLocalData(target);
        } else if (Files.isDirectory(target)) {
            try (var entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new Args.UsageException(
                            "--lake " + given + " is not empty: give a new folder");
                }
            }
        }
        Files.createDirectories(target);
        return target;
    }

    private void print(List<Map<String, Object>> ranked, String rankBy) {
        int width = 22;
        List<String> names = new ArrayList<>();
        for (Map<String, Object> row : ranked) {
            String name = (String) row.get("strategy");
            names.add(name);
            width = Math.max(width, name.length() + 2);
        }
        out.println();
        out.printf("%-24s", "Strategy (by " + MetricLabels.of(rankBy) + ")");
        for (String name : names) {
            out.printf("%" + width + "s", name);
        }
        out.println();
        for (String metric : PRINTED) {
            out.printf("%-24s", MetricLabels.of(metric));
            for (Map<String, Object> row : ranked) {
                out.printf("%" + width + "s", format(row.get(metric)));
            }
            out.println();
        }
        out.println();
    }

    static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value)
                    .setScale(2, java.math.RoundingMode.HALF_EVEN)
                    .toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isNaN(d) ? "-" : String.format("%.2f", d);
        }
        return value.toString();
    }
}

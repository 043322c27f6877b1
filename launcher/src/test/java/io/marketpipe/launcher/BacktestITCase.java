package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.source.CaptureLine;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backtest over a price path built so that every signal, round trip and metric is known by hand,
 * plus a random second symbol: the lake and the summary SQL match, and the tables are identical
 * across two runs and across parallelism 1 and 2.
 */
class BacktestITCase {
    private static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000;
    private static final double ANNUAL_BARS = 31_536_000_000.0 / 60_000;

    /** OHLC per minute of BTCUSDT: see the comments for what each bar does. */
    private static final String[][] PATH = {
        {"100", "100", "100", "100"},
        {"102", "102", "102", "102"},
        {"101", "101", "101", "101"},
        {"100", "100", "96.9", "96.9"}, // 96.9 = 102 * 0.95: DIP
        {"97", "98", "96.5", "98"}, // BUY 10.319 at 97; target 101.85, stop 95.06
        {"98", "102", "97.5", "101"}, // TAKE_PROFIT at 101.85
        {"101", "101", "101", "101"},
        {"100", "100", "95", "95"}, // 95 <= 101 * 0.95: DIP
        {"94", "94", "92", "93"}, // BUY 10.526 at 94; stop 92.12 hit; close 93: DIP again
        {"93", "93", "93", "93"}, // BUY 10.752 at 93, held to the end
        {"93", "93", "93", "93"},
    };

    /** Equity at each bar's close, by hand: capital 1000, fees 10 bps, no slippage. */
    private static final String[] EQUITY = {
        "1000",
        "1000",
        "1000",
        "1000",
        "1009.318057", // 10.319 * (98 - 97) - fee 1.000943
        "1047.99521685", // + net 47.99521685
        "1047.99521685",
        "1047.99521685",
        "1026.24723773", // + net -21.74797912
        "1025.24730173", // open at 93, less fee 0.999936
        "1025.24730173",
    };

    @TempDir Path dir;

    private static String trade(String symbol, long id, String price, long time) {
        return CaptureFrames.trade(symbol, id, price, time);
    }

    /** Four trades a minute (open, high, low, close) for BTCUSDT, and a random walk for ETHUSDT. */
    private Path capture() throws Exception {
        List<String> lines = new ArrayList<>();
        long id = 1;
        Random random = new Random(3);
        double eth = 2000;
        long ethId = 1;
        for (int minute = 0; minute < PATH.length; minute++) {
            long start = T0 + minute * 60_000L;
            int[] offsets = {0, 10_000, 20_000, 50_000};
            for (int k = 0; k < 4; k++) {
                lines.add(trade("BTCUSDT", id++, PATH[minute][k], start + offsets[k]));
            }
            for (int k = 0; k < 6; k++) {
                eth *= 1 + (random.nextDouble() - 0.5) * 0.02;
                lines.add(
                        trade(
                                "ETHUSDT",
                                ethId++,
                                String.format("%.2f", eth),
                                start + k * 9_000 + 1));
            }
        }
        Path file = dir.resolve("capture.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static Map<String, Properties> strategies() {
        Properties s = new Properties();
        String[] kv = {
            "ids", "dip,cross,breakout",
            "dip.kind", "dip-buy",
            "dip.lookback", "3",
            "dip.dip.pct", "5",
            "dip.take-profit.pct", "5",
            "dip.stop-loss.pct", "2",
            "dip.fee.bps", "10",
            "dip.slippage.bps", "0",
            "dip.quantity.step", "0.001",
            "dip.symbols", "BTCUSDT",
            "cross.kind", "ma-cross",
            "cross.fast", "2",
            "cross.slow", "4",
            "cross.symbols", "ETHUSDT",
            "breakout.kind", "breakout",
            "breakout.lookback", "2",
            "breakout.trailing-stop.pct", "1",
            "breakout.symbols", "ETHUSDT",
        };
        for (int i = 0; i < kv.length; i += 2) {
            s.setProperty(kv[i], kv[i + 1]);
        }
        Map<String, Properties> groups = new TreeMap<>();
        groups.put(JobConfig.STRATEGIES, s);
        return groups;
    }

    private Path backtest(Path capture, String name, int parallelism) throws Exception {
        Path lake = dir.resolve(name);
        Replay.run(CaptureLine.Format.BINANCE, List.of(capture), lake, strategies(), parallelism);
        return lake;
    }

    @Test
    void handComputedPathGivesTheExpectedTradesAndMetricsIdenticallyAtAnyParallelism()
            throws Exception {
        Path capture = capture();
        Path lake = backtest(capture, "p2", 2);

        try (Connection duck = LakeViews.open(lake);
                Statement sql = duck.createStatement()) {
            assertThat(
                            strings(
                                    sql,
                                    "SELECT side, reason, epoch_ms(bar_time), price FROM signals"
                                            + " WHERE strategy = 'dip' ORDER BY bar_time, side DESC"))
                    .containsExactly(
                            "BUY DIP " + (T0 + 3 * 60_000) + " 96.90000000",
                            "SELL TAKE_PROFIT " + (T0 + 5 * 60_000) + " 101.85000000",
                            "BUY DIP " + (T0 + 7 * 60_000) + " 95.00000000",
                            "SELL STOP_LOSS " + (T0 + 8 * 60_000) + " 92.12000000",
                            "BUY DIP " + (T0 + 8 * 60_000) + " 93.00000000");
            assertThat(
                            strings(
                                    sql,
                                    "SELECT entry_price, exit_price, quantity, gross_pnl, fees,"
                                            + " net_pnl, return_pct, holding_ms, exit_reason"
                                            + " FROM round_trips WHERE strategy = 'dip'"
                                            + " ORDER BY exit_time"))
                    .containsExactly(
                            "97.00000000 101.85000000 10.31900000 50.04715000 2.05193315"
                                    + " 47.99521685 4.79500000 120000 TAKE_PROFIT",
                            "94.00000000 92.12000000 10.52600000 -19.78888000 1.95909912"
                                    + " -21.74797912 -2.19800000 60000 STOP_LOSS");
            assertThat(
                            strings(
                                    sql,
                                    "SELECT equity FROM equity WHERE strategy = 'dip'"
                                            + " ORDER BY bar_time"))
                    .containsExactly(
                            java.util.Arrays.stream(EQUITY)
                                    .map(e -> new BigDecimal(e).setScale(8).toPlainString())
                                    .toArray(String[]::new));
        }

        Map<String, Object> dip =
                BacktestSummary.read(lake).strategies.stream()
                        .filter(r -> r.get("strategy").equals("dip"))
                        .findFirst()
                        .orElseThrow();
        assertMetricsMatchAnIndependentComputation(dip);

        // the project's own summary SQL, verbatim, through ./pipeline query: it starts with "--"
        String summary = LakeViews.sqlFile("strategy_summary");
        assertThat(summary).startsWith("--");
        java.io.ByteArrayOutputStream queried = new java.io.ByteArrayOutputStream();
        int exit =
                new QueryCommand(new java.io.PrintStream(queried, true, "UTF-8"))
                        .run(new String[] {"--lake", lake.toString(), summary});
        assertThat(exit).isZero();
        assertThat(queried.toString("UTF-8")).contains("dip");

        assertThat(tables(backtest(capture, "p2-again", 2)))
                .as("a second run")
                .isEqualTo(tables(lake));
        assertThat(tables(backtest(capture, "p1", 1)))
                .as("parallelism 1 against 2")
                .isEqualTo(tables(lake));
    }

    /**
     * Binance history files as published (zips with no header and ms times in 2024, a CSV with a
     * header and µs times from 2025, aggTrades), given out of order, through the command line:
     * every row is a trade, days follow each other, the sweep runs every combination, the report
     * renders.
     */
    @Test
    void backtestsBinanceHistoryFilesWithASweepAndWritesAReport() throws Exception {
        List<Path> files = new ArrayList<>();
        long day = 86_400_000L;
        long start = java.time.LocalDate.parse("2024-12-30").toEpochDay() * day;
        Random random = new Random(9);
        double price = 40_000;
        long id = 1_000;
        int rows = 0;
        for (int d = 0; d < 3; d++) {
            java.time.LocalDate date = java.time.LocalDate.parse("2024-12-30").plusDays(d);
            boolean micros = date.getYear() >= 2025;
            StringBuilder csv = new StringBuilder();
            if (micros) {
                csv.append("id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\n");
            }
            for (int i = 0; i < 1_440; i++) { // a trade a minute
                price *= 1 + (random.nextDouble() - 0.5) * 0.01;
                long time = start + d * day + i * 60_000L + 7;
                csv.append(id++)
                        .append(',')
                        .append(String.format("%.2f", price))
                        .append(",0.01000000,0,")
                        .append(micros ? time * 1_000 + 123 : time)
                        .append(random.nextBoolean() ? ",True,True\n" : ",False,True\n");
                rows++;
            }
            String name = "BTCUSDT-trades-" + date;
            if (micros) {
                Path file = dir.resolve(name + ".csv");
                Files.writeString(file, csv);
                files.add(file);
            } else {
                Path file = dir.resolve(name + ".zip");
                try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(name + ".csv"));
                    zip.write(csv.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    zip.closeEntry();
                }
                files.add(file);
            }
        }
        java.util.Collections.reverse(files); // out of order on the command line
        Path strategiesFile = dir.resolve("strategies.json");
        Files.writeString(
                strategiesFile,
                "[{\"PropertyGroupId\":\"strategies\",\"PropertyMap\":{\"ids\":\"dip\","
                        + "\"dip.kind\":\"dip-buy\",\"dip.lookback\":\"20\",\"dip.dip.pct\":\"1\","
                        + "\"dip.interval\":\"5m\"}}]");
        Path lake = dir.resolve("lake-cli");
        Path report = dir.resolve("report");
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "--source", "binance-archive",
                                "--strategies", strategiesFile.toString(),
                                "--lake", lake.toString(),
                                "--report", report.toString(),
                                "--sweep", "dip.dip.pct=0.5,1.5",
                                "--sweep", "dip.lookback=10,30",
                                "--rank-by", "net_pnl"));
        for (Path f : files) {
            argv.add("--input");
            argv.add(f.toString());
        }
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        int code =
                new BacktestCommand(new java.io.PrintStream(printed, true, "UTF-8"))
                        .run(argv.toArray(new String[0]));

        String text = printed.toString("UTF-8");
        assertThat(code).as(text).isZero();
        assertThat(text)
                .contains("dip@dip.pct=0.5;lookback=10")
                .contains("dip@dip.pct=1.5;lookback=30")
                .contains("Max drawdown (%)");
        try (Connection duck = LakeViews.open(lake);
                Statement sql = duck.createStatement()) {
            assertThat(
                            strings(
                                    sql,
                                    "SELECT count(*), count(DISTINCT trade_id), min(trade_id), max(trade_id) FROM trades"))
                    .containsExactly(rows + " " + rows + " 1000 " + (1000 + rows - 1));
            assertThat(strings(sql, "SELECT count(*) FROM bars_5m"))
                    .as("every 5 minutes of the three days, across the year's end")
                    .containsExactly(Integer.toString(3 * 288));
            assertThat(strings(sql, "SELECT DISTINCT strategy FROM equity ORDER BY 1"))
                    .containsExactly(
                            "dip@dip.pct=0.5;lookback=10",
                            "dip@dip.pct=0.5;lookback=30",
                            "dip@dip.pct=1.5;lookback=10",
                            "dip@dip.pct=1.5;lookback=30");
        }
        String html = Files.readString(report.resolve("index.html"));
        assertThat(html)
                .contains("<svg", "<path d=\"M", "dip@dip.pct=1.5;lookback=30")
                .as("headed by what a person reads, not by SQL column names")
                .contains("<th>Net PnL</th>", "<th>Win rate (%)</th>", "<th>Max drawdown (%)</th>")
                .contains("<th>Buy &amp; hold return (%)</th>")
                .doesNotContain("<th>net_pnl</th>", "<th>win_rate_pct</th>");
        // the ranking's first row: strategy, net PnL, return, Sharpe, Sortino, max drawdown,
        // round trips, win rate, ...: only PnL and returns are coloured by their sign
        String first = html.substring(html.indexOf("<tr><td><a href"));
        String[] cells = first.substring(0, first.indexOf("</tr>")).split("<td");
        assertThat(cells[2]).as("net PnL").containsPattern("^ class=\"(pos|neg)\">|^>0<");
        assertThat(cells[8]).as("win rate").startsWith(">");
        assertThat(html)
                .as("self-contained: nothing to fetch")
                .doesNotContain("<script", "src=\"", "href=\"http", "@import");
    }

    /** Every metric of the summary SQL, computed again here from the hand-made equity series. */
    private static void assertMetricsMatchAnIndependentComputation(Map<String, Object> row) {
        double capital = 1000;
        double[] equity =
                java.util.Arrays.stream(EQUITY).mapToDouble(Double::parseDouble).toArray();
        double[] r = new double[equity.length];
        double peak = capital;
        double maxDrawdown = 0;
        double sum = 0;
        double downside = 0;
        for (int i = 0; i < equity.length; i++) {
            r[i] = equity[i] / (i == 0 ? capital : equity[i - 1]) - 1;
            peak = Math.max(peak, equity[i]);
            maxDrawdown = Math.max(maxDrawdown, 1 - equity[i] / peak);
            sum += r[i];
            downside += Math.pow(Math.min(r[i], 0), 2);
        }
        double mean = sum / r.length;
        double var = 0;
        for (double x : r) {
            var += (x - mean) * (x - mean);
        }
        double stddev = Math.sqrt(var / (r.length - 1));
        double sharpe = mean / stddev * Math.sqrt(ANNUAL_BARS);
        double sortino = mean / Math.sqrt(downside / r.length) * Math.sqrt(ANNUAL_BARS);

        assertThat(num(row, "net_pnl")).isCloseTo(25.24730173, within(1e-9));
        assertThat(num(row, "return_pct")).isCloseTo(2.524730173, within(1e-9));
        assertThat(num(row, "round_trips")).isEqualTo(2.0);
        assertThat(num(row, "win_rate_pct")).isCloseTo(50.0, within(1e-9));
        assertThat(num(row, "profit_factor")).isCloseTo(47.99521685 / 21.74797912, within(1e-9));
        assertThat(num(row, "expectancy")).isCloseTo((47.99521685 - 21.74797912) / 2, within(1e-9));
        assertThat(num(row, "average_win")).isCloseTo(47.99521685, within(1e-9));
        assertThat(num(row, "average_loss")).isCloseTo(-21.74797912, within(1e-9));
        assertThat(num(row, "best_trade")).isCloseTo(47.99521685, within(1e-9));
        assertThat(num(row, "worst_trade")).isCloseTo(-21.74797912, within(1e-9));
        assertThat(num(row, "max_drawdown_pct"))
                .isCloseTo(100 * (1 - 1025.24730173 / 1047.99521685), within(1e-9))
                .isCloseTo(100 * maxDrawdown, within(1e-9));
        assertThat(num(row, "max_drawdown_bars")).as("from bar 7 to the end").isEqualTo(3.0);
        assertThat(num(row, "sharpe")).isCloseTo(sharpe, within(1e-6 * Math.abs(sharpe)));
        assertThat(num(row, "sortino")).isCloseTo(sortino, within(1e-6 * Math.abs(sortino)));
        assertThat(num(row, "exposure_pct"))
                .as("long after bars 4, 9, 10")
                .isCloseTo(300.0 / 11, within(1e-9));
        assertThat(num(row, "fees_paid"))
                .isCloseTo(1.000943 + 1.05099015 + 0.989444 + 0.96965512 + 0.999936, within(1e-9));
        assertThat(num(row, "buy_hold_return_pct")).as("100 to 93").isCloseTo(-7.0, within(1e-9));
        assertThat(num(row, "bars")).isEqualTo(11.0);
    }

    private static double num(Map<String, Object> row, String column) {
        Object v = row.get(column);
        assertThat(v).as(column).isInstanceOf(Number.class);
        return ((Number) v).doubleValue();
    }

    /** Every row of the four strategy tables, as text, in a fixed order. */
    private static Map<String, List<String>> tables(Path lake) throws Exception {
        Map<String, List<String>> all = new TreeMap<>();
        try (Connection duck = LakeViews.open(lake);
                Statement sql = duck.createStatement()) {
            for (String table : List.of("signals", "fills", "round_trips", "equity")) {
                all.put(table, strings(sql, "SELECT * FROM " + table + " ORDER BY ALL"));
            }
        }
        assertThat(all.get("round_trips")).isNotEmpty();
        return all;
    }

    private static List<String> strings(Statement sql, String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= cols; c++) {
                    Object v = rs.getObject(c);
                    row.append(c == 1 ? "" : " ")
                            .append(v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : v);
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}

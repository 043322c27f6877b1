package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.source.CaptureLine;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aggTrade in place of trade gives the same bars, and beside it counts no trade twice: three
 * replays of one market over three minutes, as its trades, as the aggregates Binance would make of
 * them (a taker's run of trades at one price), and as both interleaved, write the same 1m bars,
 * column for column, trade count included. The trades table keeps single trades only.
 */
class AggTradeBarsITCase {
    private static final String SYMBOL = "BNBUSDT";
    private static final long T0 = 1_700_000_040_000L;

    @TempDir Path dir;

    /** One trade of the market. */
    private static final class Fill {
        final long id;
        final String price;
        final String quantity;
        final long time;
        final boolean buyerIsMaker;

        Fill(long id, String price, String quantity, long time, boolean buyerIsMaker) {
            this.id = id;
            this.price = price;
            this.quantity = quantity;
            this.time = time;
            this.buyerIsMaker = buyerIsMaker;
        }

        String line() {
            return "{\"stream\":\"bnbusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":"
                    + time
                    + ",\"s\":\"BNBUSDT\",\"t\":"
                    + id
                    + ",\"p\":\""
                    + price
                    + "\",\"q\":\""
                    + quantity
                    + "\",\"T\":"
                    + time
                    + ",\"m\":"
                    + buyerIsMaker
                    + ",\"M\":true}}";
        }
    }

    /** The aggregate of a taker's run {@code fills} (one price, one side, one time). */
    private static String aggregate(long aggId, List<Fill> fills) {
        BigDecimal quantity = BigDecimal.ZERO;
        for (Fill f : fills) {
            quantity = quantity.add(new BigDecimal(f.quantity));
        }
        Fill first = fills.get(0);
        return "{\"stream\":\"bnbusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":"
                + (first.time + 1)
                + ",\"s\":\"BNBUSDT\",\"a\":"
                + aggId
                + ",\"p\":\""
                + first.price
                + "\",\"q\":\""
                + quantity.toPlainString()
                + "\",\"f\":"
                + first.id
                + ",\"l\":"
                + fills.get(fills.size() - 1).id
                + ",\"T\":"
                + first.time
                + ",\"m\":"
                + first.buyerIsMaker
                + ",\"M\":true}}";
    }

    @Test
    void aggregatesInsteadOfTradesOrBesideThemGiveTheSameBars() throws Exception {
        Random random = new Random(7);
        List<List<Fill>> runs = new ArrayList<>();
        long id = 5_000;
        long time = T0;
        long price = 3_000_000; // 300.0000, steps of 0.0001
        while (time < T0 + 180_000) {
            time += 50 + random.nextInt(400);
            price += random.nextInt(7) - 3;
            boolean maker = random.nextBoolean();
            List<Fill> run = new ArrayList<>();
            for (int n = 1 + random.nextInt(random.nextInt(4) == 0 ? 12 : 2); n > 0; n--) {
                String qty = BigDecimal.valueOf(1 + random.nextInt(5_000), 4).toPlainString();
                run.add(
                        new Fill(
                                id++,
                                BigDecimal.valueOf(price, 4).toPlainString(),
                                qty,
                                time,
                                maker));
            }
            runs.add(run);
        }
        List<String> trades = new ArrayList<>();
        List<String> aggregates = new ArrayList<>();
        List<String> both = new ArrayList<>();
        long aggId = 1;
        for (List<Fill> run : runs) {
            String agg = aggregate(aggId++, run);
            aggregates.add(agg);
            // beside @trade: the aggregate before its trades, after them, or amid them
            int at = random.nextInt(run.size() + 1);
            for (int i = 0; i < run.size(); i++) {
                trades.add(run.get(i).line());
                if (i == at) {
                    both.add(agg);
                }
                both.add(run.get(i).line());
            }
            if (at == run.size()) {
                both.add(agg);
            }
        }
        long tradeCount = trades.size();
        assertThat(aggregates.size()).as("some runs of several trades").isLessThan(trades.size());

        String fromTrades = bars(replay("trades", trades, tradeCount, 0));
        String fromAggregates = bars(replay("aggregates", aggregates, 0, aggregates.size()));
        String fromBoth = bars(replay("both", both, tradeCount, aggregates.size()));

        assertThat(fromTrades.split("\n").length).isGreaterThanOrEqualTo(3);
        assertThat(fromAggregates).isEqualTo(fromTrades);
        assertThat(fromBoth).isEqualTo(fromTrades);
    }

    /** Replays {@code lines}; checks every frame is accounted and the trades table. */
    private Path replay(String name, List<String> lines, long singleTrades, long aggTrades)
            throws Exception {
        Path file = dir.resolve(name + ".jsonl");
        Files.write(file, lines);
        Path lake = dir.resolve(name);
        var acc = Replay.run(CaptureLine.Format.BINANCE, file, lake, "1m", Optional.empty());
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.FRAMES)).isEqualTo(lines.size());
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.QUARANTINED)).isZero();
        assertThat(ReplayCommand.count(acc, DecodedEventRouter.AGG_TRADES_COUNT))
                .isEqualTo(aggTrades);
        long written = 0;
        if (Files.isDirectory(lake.resolve("trades"))) {
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                    Statement s = duck.createStatement();
                    ResultSet rs =
                            s.executeQuery(
                                    "SELECT count(*) FROM read_parquet('"
                                            + lake
                                            + "/trades/*/*.parquet')")) {
                rs.next();
                written = rs.getLong(1);
            }
        }
        assertThat(written)
                .as("%s: single trades in the trades table", name)
                .isEqualTo(singleTrades);
        return lake;
    }

    /** Every column of the 1m bars, a line per bar in window order. */
    private static String bars(Path lake) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = duck.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT * EXCLUDE (dt) FROM read_parquet('"
                                        + lake
                                        + "/bars_1m/*/*.parquet', hive_partitioning = true)"
                                        + " ORDER BY window_start")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    out.append(meta.getColumnName(c))
                            .append('=')
                            .append(rs.getString(c))
                            .append(' ');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}

package io.marketpipe.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.localstack.Poll;
import io.marketpipe.simulator.ExchangeSimulator;
import io.marketpipe.simulator.SimTrade;
import io.marketpipe.simulator.SimulatorConfig;
import io.marketpipe.simulator.TradeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetch-history against the simulator's REST server: one day of two symbols' trades, every id once
 * and in order, through 429s; a run cut off mid-row resumes with nothing missing or repeated.
 */
class FetchHistoryITCase {
    /** 2024-03-01T23:10Z: the trades run past midnight into 2024-03-02. */
    private static final long T0 = Instant.parse("2024-03-01T23:10:00Z").toEpochMilli();

    @TempDir Path dir;

    @Test
    void fetchesOneDayResumablyThroughRateLimits() throws Exception {
        List<SimTrade> produced = new CopyOnWriteArrayList<>();
        SimulatorConfig config =
                SimulatorConfig.builder()
                        .symbols(List.of("BTCUSDT", "ETHUSDT"))
                        .clock(TradeClock.stepping(T0, 1_000))
                        .tradesPerSecond(20_000)
                        .maxTrades(6_000)
                        .restPort(0)
                        .rateLimitEvery(4)
                        .build();
        try (ExchangeSimulator sim = new ExchangeSimulator(config).start()) {
            sim.onTrade(produced::add);
            sim.startTrading();
            Poll.until("every trade", Duration.ofSeconds(30), sim::finished);
            long dayStart = Instant.parse("2024-03-02T00:00:00Z").toEpochMilli();
            Path out = dir.resolve("history");

            assertThat(fetch(sim, out)).isZero();
            assertThat(sim.restRateLimited()).as("429s were waited out").isPositive();
            for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
                List<String> expected =
                        produced.stream()
                                .filter(t -> t.symbol().equals(symbol))
                                .filter(t -> t.tradeTimeMillis() >= dayStart)
                                .map(
                                        t ->
                                                t.tradeId()
                                                        + ","
                                                        + SimTrade.decimal(t.priceUnits())
                                                        + ","
                                                        + SimTrade.decimal(t.quantityUnits()))
                                .toList();
                assertThat(expected).hasSizeGreaterThan(1_000); // more than one page
                Path file = out.resolve(symbol + "-trades-2024-03-02.csv");
                assertThat(rows(file)).as(symbol).containsExactlyElementsOf(expected);

                // a run stopped mid-row: cut the file in the middle of a row, and run again
                String whole = Files.readString(file);
                int rowStart = whole.indexOf('\n', whole.length() * 2 / 5) + 1;
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    raf.setLength(rowStart + 10); // ten bytes into a row
                }
                assertThat(Files.readString(file)).doesNotEndWith("\n");
            }
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            assertThat(fetch(sim, out, printed)).isZero();
            assertThat(printed.toString()).contains("resuming after");
            for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
                List<String> expected =
                        produced.stream()
                                .filter(t -> t.symbol().equals(symbol))
                                .filter(t -> t.tradeTimeMillis() >= dayStart)
                                .map(
                                        t ->
                                                t.tradeId()
                                                        + ","
                                                        + SimTrade.decimal(t.priceUnits())
                                                        + ","
                                                        + SimTrade.decimal(t.quantityUnits()))
                                .toList();
                assertThat(rows(out.resolve(symbol + "-trades-2024-03-02.csv")))
                        .as(symbol + " after the resume: nothing missing or repeated")
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    private static int fetch(ExchangeSimulator sim, Path out) throws Exception {
        return fetch(sim, out, new ByteArrayOutputStream());
    }

    private static int fetch(ExchangeSimulator sim, Path out, ByteArrayOutputStream printed)
            throws Exception {
        return new FetchHistoryCommand(new PrintStream(printed, true, "UTF-8"))
                .run(
                        new String[] {
                            "--symbols", "BTCUSDT,ETHUSDT",
                            "--from", "2024-03-02",
                            "--to", "2024-03-02",
                            "--out", out.toString(),
                            "--rest-url", sim.restUrl()
                        });
    }

    /** id, price and quantity of each row, with the time checked to be in the day. */
    private static List<String> rows(Path file) throws Exception {
        long dayStart = Instant.parse("2024-03-02T00:00:00Z").toEpochMilli();
        return Files.readAllLines(file).stream()
                .map(
                        line -> {
                            String[] c = line.split(",");
                            assertThat(c).hasSize(7);
                            assertThat(Long.parseLong(c[4]))
                                    .isBetween(dayStart, dayStart + 86_399_999);
                            return c[0] + "," + c[1] + "," + c[2];
                        })
                .toList();
    }
}

package io.marketpipe.job.bars;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BarAccumulatorTest {
    private static final long T0 = 1_700_000_040_000L;

    private static Trade trade(long id, String price, String qty, long time, boolean buyerIsMaker) {
        return new Trade(
                Venue.BINANCE,
                "BTCUSDT",
                id,
                Decimals.parse(price),
                Decimals.parse(qty),
                time,
                time,
                buyerIsMaker,
                0,
                Origin.LIVE);
    }

    private static Bar bar(List<Trade> trades) {
        BarAccumulator acc = new BarAccumulator();
        trades.forEach(acc::add);
        return acc.toBar(Venue.BINANCE, "BTCUSDT", "1m", T0, T0 + 60_000);
    }

    @Test
    void opensAndClosesByTradeTimeThenIdWhateverTheArrivalOrder() {
        List<Trade> trades =
                new ArrayList<>(
                        List.of(
                                trade(1, "100", "1", T0 + 10, false),
                                trade(2, "101", "1", T0 + 10, true),
                                trade(3, "99", "2", T0 + 20, false),
                                trade(4, "105", "1", T0 + 30, true),
                                trade(5, "104", "1", T0 + 30, false)));
        Collections.shuffle(trades, new Random(3));

        Bar bar = bar(trades);

        assertThat(Decimals.toPlainString(bar.open)).isEqualTo("100.00000000");
        assertThat(Decimals.toPlainString(bar.close)).isEqualTo("104.00000000");
        assertThat(Decimals.toPlainString(bar.high)).isEqualTo("105.00000000");
        assertThat(Decimals.toPlainString(bar.low)).isEqualTo("99.00000000");
        assertThat(bar.volume).isEqualByComparingTo("6");
        assertThat(bar.quoteVolume).isEqualByComparingTo("608");
        assertThat(bar.vwap)
                .isEqualByComparingTo(
                        new BigDecimal("608")
                                .divide(new BigDecimal("6"), 8, RoundingMode.HALF_EVEN));
        assertThat(bar.buyVolume).as("buyer not maker = taker buy").isEqualByComparingTo("4");
        assertThat(bar.sellVolume).isEqualByComparingTo("2");
        assertThat(bar.tradeCount).isEqualTo(5);
        assertThat(bar.firstTradeId).isEqualTo(1);
        assertThat(bar.lastTradeId).isEqualTo(5);
    }

    @Test
    void sumsStayExactPastSixtyFourBits() {
        // 0.5 x 10^18 units of price x quantity per trade: four trades overflow a long
        List<Trade> trades = new ArrayList<>();
        BigDecimal quote = BigDecimal.ZERO;
        BigDecimal volume = BigDecimal.ZERO;
        for (int i = 0; i < 40; i++) {
            Trade t = trade(i, "90000000.12345678", "90000000.87654321", T0 + i, i % 2 == 0);
            trades.add(t);
            quote =
                    quote.add(
                            Decimals.toBigDecimal(t.price)
                                    .multiply(Decimals.toBigDecimal(t.quantity)));
            volume = volume.add(Decimals.toBigDecimal(t.quantity));
        }
        Bar bar = bar(trades);
        assertThat(bar.quoteVolume).isEqualByComparingTo(quote);
        assertThat(bar.volume).isEqualByComparingTo(volume);
        assertThat(bar.quoteVolume.scale()).isEqualTo(BarAccumulator.QUOTE_SCALE);
    }

    @Test
    void mergingPartsEqualsAddingEverything() {
        Random random = new Random(11);
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            trades.add(
                    trade(
                            i,
                            (100 + random.nextInt(50)) + "." + random.nextInt(100),
                            "0." + (1 + random.nextInt(999)),
                            T0 + random.nextInt(60_000),
                            random.nextBoolean()));
            trades.get(i).receivedMicros = (T0 + 60_000 + random.nextInt(5_000)) * 1_000;
        }
        long lastReceived = trades.stream().mapToLong(t -> t.receivedMicros).max().orElseThrow();
        BarAccumulator left = new BarAccumulator();
        BarAccumulator right = new BarAccumulator();
        for (int i = 0; i < trades.size(); i++) {
            (i % 3 == 0 ? left : right).add(trades.get(i));
        }
        left.merge(right);
        Bar merged = left.toBar(Venue.BINANCE, "BTCUSDT", "1m", T0, T0 + 60_000);
        Bar whole = bar(trades);
        assertThat(merged).usingRecursiveComparison().isEqualTo(whole);
        assertThat(merged.lastReceivedMicros).as("for receive -> signal").isEqualTo(lastReceived);
    }

    @Test
    void intervalsParseToTheirTablesAndRejectNonsense() {
        assertThat(BarInterval.parse("5m").millis()).isEqualTo(300_000);
        assertThat(BarInterval.parse("1s").table()).isEqualTo("bars_1s");
        assertThat(BarInterval.parse(" 1H ").name()).isEqualTo("1h");
        for (String bad : new String[] {"0m", "m", "5x", "1.5m", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BarInterval.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

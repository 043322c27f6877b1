package io.marketpipe.job.bars;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Bars do not depend on the order trades arrive in within the lateness bound, nor on how Flink
 * splits and merges partial aggregates: any permutation, and any three-way split merged either way,
 * give the bar of one accumulator over the trades in order. Trades with ids and without (as
 * Finnhub's, several in one millisecond) alike.
 */
class BarAccumulatorPropertyTest {
    private static final long T0 = 1_700_000_040_000L;

    @Provide
    Arbitrary<List<Trade>> trades() {
        Arbitrary<Boolean> withIds = Arbitraries.of(true, false);
        return withIds.flatMap(
                ids ->
                        Combinators.combine(
                                        Arbitraries.longs().between(0, 59_999),
                                        Arbitraries.longs().between(1, 10_000_000_000_000L),
                                        Arbitraries.longs().between(1, 1_000_000_000_000L),
                                        Arbitraries.of(true, false))
                                .as(
                                        (offset, price, quantity, maker) ->
                                                new long[] {offset, price, quantity, maker ? 1 : 0})
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(60)
                                .map(rows -> trades(rows, ids)));
    }

    private static List<Trade> trades(List<long[]> rows, boolean withIds) {
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            long[] r = rows.get(i);
            // without ids, several trades share a millisecond
            long time = T0 + (withIds ? r[0] : r[0] % 7);
            trades.add(
                    new Trade(
                            withIds ? Venue.BINANCE : Venue.FINNHUB,
                            "BTCUSDT",
                            withIds ? 1_000 + i : Trade.NO_ID,
                            r[1],
                            r[2],
                            time,
                            time,
                            r[3] == 1,
                            time * 1_000,
                            Origin.LIVE));
        }
        return trades;
    }

    @Property(tries = 500)
    void anyOrderGivesTheSameBar(@ForAll("trades") List<Trade> trades, @ForAll("seeds") long seed) {
        List<Trade> shuffled = new ArrayList<>(trades);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(fields(accumulate(shuffled))).isEqualTo(fields(accumulate(trades)));
    }

    @Property(tries = 500)
    void mergingIsAssociativeAndEqualsOneAccumulator(
            @ForAll("trades") List<Trade> trades,
            @ForAll @IntRange(min = 0, max = 60) int cut1,
            @ForAll @IntRange(min = 0, max = 60) int cut2) {
        int a = Math.min(Math.min(cut1, cut2), trades.size());
        int b = Math.min(Math.max(cut1, cut2), trades.size());
        List<Object> whole = fields(accumulate(trades));

        BarAccumulator left = accumulate(trades.subList(0, a));
        left.merge(accumulate(trades.subList(a, b)));
        left.merge(accumulate(trades.subList(b, trades.size())));

        BarAccumulator right = accumulate(trades.subList(a, b));
        right.merge(accumulate(trades.subList(b, trades.size())));
        BarAccumulator first = accumulate(trades.subList(0, a));
        first.merge(right);

        assertThat(fields(left)).isEqualTo(whole);
        assertThat(fields(first)).isEqualTo(whole);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    private static BarAccumulator accumulate(List<Trade> trades) {
        BarAccumulator acc = new BarAccumulator();
        for (Trade t : trades) {
            acc.add(t);
        }
        return acc;
    }

    /** Everything a bar row carries. */
    private static List<Object> fields(BarAccumulator acc) {
        Bar bar = acc.toBar(Venue.UNKNOWN, "S", "1m", T0, T0 + 60_000);
        return List.of(
                bar.open,
                bar.high,
                bar.low,
                bar.close,
                bar.tradeCount,
                bar.volume,
                bar.buyVolume,
                bar.sellVolume,
                bar.quoteVolume,
                bar.vwap,
                bar.firstTradeId,
                bar.lastTradeId);
    }
}

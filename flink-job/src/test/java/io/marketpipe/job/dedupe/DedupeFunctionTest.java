package io.marketpipe.job.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.RoutedTrade;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DedupeFunctionTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long TTL = 60_000;

    private static StreamRecord<RoutedTrade> trade(Venue venue, long id, long price, long time) {
        return new StreamRecord<>(
                new RoutedTrade(
                        new Trade(
                                venue, "BTCUSDT", id, price, 1, time, time, false, 0, Origin.LIVE),
                        null),
                time);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RoutedTrade, RoutedTrade>
            harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, RoutedTrade, RoutedTrade> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new DedupeFunction(TTL)),
                        RoutedTrade::instrument,
                        Types.STRING);
        h.open();
        return h;
    }

    @Test
    void dropsRepeatedTradeIdsFromAnyFeedOrRotationOverlap() throws Exception {
        try (var h = harness()) {
            h.processElement(trade(Venue.BINANCE, 10, 100, T0));
            h.processElement(trade(Venue.BINANCE, 11, 101, T0 + 1));
            h.processElement(trade(Venue.BINANCE, 10, 100, T0)); // the SBE copy
            h.processElement(trade(Venue.BINANCE, 12, 102, T0 + 2));
            h.processElement(trade(Venue.BINANCE, 11, 101, T0 + 1)); // the overlap copy
            assertThat(h.extractOutputValues())
                    .extracting(r -> r.trade.tradeId)
                    .containsExactly(10L, 11L, 12L);
            assertThat(h.numEventTimeTimers()).as("id dedupe needs no timers").isZero();
        }
    }

    @Test
    void dedupesTradesWithoutIdsByContentAndForgetsThemAfterTheTtl() throws Exception {
        try (var h = harness()) {
            h.processElement(trade(Venue.FINNHUB, Trade.NO_ID, 100, T0));
            h.processElement(trade(Venue.FINNHUB, Trade.NO_ID, 100, T0));
            h.processElement(trade(Venue.FINNHUB, Trade.NO_ID, 101, T0));
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.numEventTimeTimers()).isPositive();

            h.processWatermark(new Watermark(T0 + TTL + 2_000));

            assertThat(h.numEventTimeTimers()).as("timers back to zero").isZero();
            assertThat(h.numKeyedStateEntries()).as("content state back to zero").isZero();
            h.processElement(trade(Venue.FINNHUB, Trade.NO_ID, 100, T0 + TTL + 3_000));
            assertThat(h.extractOutputValues()).hasSize(3);
        }
    }

    /**
     * Finnhub's dedupe hashes price, quantity and time with an unkeyed 64-bit mix, which inverts in
     * microseconds: a crafted tick before a genuine one at the same millisecond must not make the
     * genuine one vanish.
     */
    @Test
    void aCraftedTradeWhoseHashCollidesWithAGenuineOneDoesNotHideIt() throws Exception {
        Trade genuine = trade(Venue.FINNHUB, Trade.NO_ID, 22_741_000_000L, T0).getValue().trade;
        long quantity = 7;
        long price = priceColliding(ContentHash.of(genuine), quantity, T0);
        Trade crafted =
                new Trade(
                        Venue.FINNHUB,
                        "BTCUSDT",
                        Trade.NO_ID,
                        price,
                        quantity,
                        T0,
                        T0,
                        false,
                        0,
                        Origin.LIVE);
        assertThat(ContentHash.of(crafted)).isEqualTo(ContentHash.of(genuine));
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(new RoutedTrade(crafted, null), T0));
            h.processElement(new StreamRecord<>(new RoutedTrade(genuine, null), T0));
            h.processElement(new StreamRecord<>(new RoutedTrade(genuine, null), T0));
            assertThat(h.extractOutputValues())
                    .extracting(r -> r.trade.price)
                    .containsExactly(price, genuine.price);
        }
    }

    /** The price that, with {@code quantity} and {@code time}, has content hash {@code hash}. */
    private static long priceColliding(long hash, long quantity, long time) {
        long h2 = unmix(hash) ^ time;
        long h1 = unmix(h2) ^ quantity;
        return unmix(h1) ^ 0xcbf29ce484222325L;
    }

    /** The inverse of {@code ContentHash}'s mix step: x with mix(0, x) = y. */
    private static long unmix(long y) {
        y ^= (y >>> 29) ^ (y >>> 58);
        y *= inverse(0xBF58476D1CE4E5B9L);
        y ^= y >>> 32;
        return y * inverse(0x9E3779B97F4A7C15L);
    }

    private static long inverse(long odd) {
        long x = odd;
        for (int i = 0; i < 6; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }
}

package io.marketpipe.job.signals;

import static io.marketpipe.job.signals.Bars.MINUTE;
import static io.marketpipe.job.signals.Bars.T0;
import static io.marketpipe.job.signals.Bars.bar;
import static io.marketpipe.job.signals.Bars.flat;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.Bar;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class StrategyFunctionTest {
    private static final long TTL = 10 * MINUTE;
    private static final StrategySpec DIP =
            StrategySpec.builder("dip", StrategyKind.DIP_BUY)
                    .lookback(3)
                    .dipPercent(new BigDecimal("5"))
                    .build();

    private static KeyedOneInputStreamOperatorTestHarness<
                    String, StrategyBar, io.marketpipe.job.model.Signal>
            harness() throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new StrategyFunction(List.of(DIP), TTL)),
                        StrategyBar::key,
                        Types.STRING);
        h.open();
        return h;
    }

    private static StreamRecord<StrategyBar> in(Bar bar) {
        return new StreamRecord<>(new StrategyBar("dip", bar), bar.windowEnd - 1);
    }

    @Test
    void aFlatSymbolThatStopsTradingIsForgottenAfterTheTtl() throws Exception {
        try (var h = harness()) {
            h.processElement(in(flat(0, "100")));
            h.processElement(in(flat(1, "101")));
            assertThat(h.numKeyedStateEntries()).isPositive();
            assertThat(h.numEventTimeTimers()).as("one cleanup timer per key").isEqualTo(1);
            assertThat(h.getSideOutput(StrategyFunction.EQUITY)).hasSize(2);

            h.processWatermark(new Watermark(T0 + 2 * MINUTE + TTL));

            assertThat(h.numEventTimeTimers()).as("timers back to zero").isZero();
            assertThat(h.numKeyedStateEntries()).as("state back to zero").isZero();
        }
    }

    /**
     * At a drain every source can be idle; the first window subtask to pass on the final watermark
     * then moves this operator to the end of event time while another subtask's last bars are still
     * on their way. Forgetting a flat key at that moment would start its last bar from a fresh
     * state (capital, no realized P&L), as a chaos run showed.
     */
    @Test
    void theEndOfEventTimeForgetsNothingABarStillOnItsWayNeeds() throws Exception {
        try (var h = harness()) {
            h.processElement(in(flat(0, "100")));
            h.processElement(in(flat(1, "101")));

            h.processWatermark(Watermark.MAX_WATERMARK);

            assertThat(h.numKeyedStateEntries()).as("state kept at the end of time").isPositive();
            h.processElement(in(flat(2, "102")));
            assertThat(h.getSideOutput(StrategyFunction.EQUITY)).hasSize(3);
        }
    }

    @Test
    void anOpenPositionOutlivesTheTtlAndClosesLater() throws Exception {
        try (var h = harness()) {
            h.processElement(in(flat(0, "100")));
            h.processElement(in(flat(1, "102")));
            h.processElement(in(flat(2, "101")));
            h.processElement(in(bar(3, "100", "100", "96.9", "96.9")));
            h.processElement(in(flat(4, "97")));
            assertThat(h.getSideOutput(StrategyFunction.FILLS)).hasSize(1);

            h.processWatermark(new Watermark(T0 + 5 * MINUTE + TTL));
            assertThat(h.numKeyedStateEntries()).as("the position is kept").isPositive();
            assertThat(h.numEventTimeTimers()).isZero();

            h.processElement(in(bar(20, "102", "103", "101", "102"))); // +5 % target 101.85..
            assertThat(h.getSideOutput(StrategyFunction.ROUND_TRIPS)).hasSize(1);
            h.processWatermark(new Watermark(T0 + 21 * MINUTE + TTL));
            assertThat(h.numKeyedStateEntries()).as("only the key's money is kept").isEqualTo(1);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void signalsAreTheMainOutputKeyedByStrategyVenueAndSymbol() throws Exception {
        try (var h = harness()) {
            for (Bar b :
                    List.of(
                            flat(0, "100"),
                            flat(1, "102"),
                            flat(2, "101"),
                            bar(3, "100", "100", "96.9", "96.9"))) {
                h.processElement(in(b));
            }
            assertThat(h.extractOutputValues()).extracting(s -> s.reason).containsExactly("DIP");
            assertThat(new StrategyBar("dip", flat(0, "1")).key()).isEqualTo("dip#BINANCE#BTCUSDT");
        }
    }

    /**
     * The README: a flat key that sees no bar for the TTL is dropped, and equity is capital plus
     * realised plus unrealised PnL. Dropping must forget the rules' state, never the money: the
     * key's next bar, after a silence longer than the TTL, still carries its completed round trip.
     * Without fees and slippage: the dip closes minute 3 at 96.9, which sizes the order at 1,000 /
     * 96.9 = 10.31991 (step 0.00001); it fills at minute 4's open, 97, and is sold when minute 20
     * opens at 102, above the 5 % target of 101.85, so at its open: (102 - 97) x 10.31991 =
     * 51.59955.
     */
    @Test
    void aKeyDroppedForIdlenessKeepsItsRealisedPnl() throws Exception {
        StrategySpec dip =
                StrategySpec.builder("dip", StrategyKind.DIP_BUY)
                        .lookback(3)
                        .dipPercent(new BigDecimal("5"))
                        .feeBps(BigDecimal.ZERO)
                        .slippageBps(BigDecimal.ZERO)
                        .build();
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new StrategyFunction(List.of(dip), TTL)),
                        StrategyBar::key,
                        Types.STRING);
        h.open();
        try (h) {
            h.processElement(in(flat(0, "100")));
            h.processElement(in(flat(1, "102")));
            h.processElement(in(flat(2, "101")));
            h.processElement(in(bar(3, "100", "100", "96.9", "96.9")));
            h.processElement(in(flat(4, "97")));
            h.processElement(in(bar(20, "102", "103", "101", "102")));
            var trips = List.copyOf(h.getSideOutput(StrategyFunction.ROUND_TRIPS));
            assertThat(trips).hasSize(1);
            assertThat(trips.get(0).getValue().netPnl).isEqualTo(Bars.units("51.59955"));

            // silent for longer than the TTL: the key is dropped
            h.processWatermark(new Watermark(T0 + 21 * MINUTE + TTL));
            h.processElement(in(flat(60, "100")));

            var equity = List.copyOf(h.getSideOutput(StrategyFunction.EQUITY));
            var last = equity.get(equity.size() - 1).getValue();
            assertThat(last.barTime).isEqualTo(T0 + 60 * MINUTE);
            assertThat(last.realizedPnl).isEqualTo(Bars.units("51.59955"));
            assertThat(last.position).isZero();
            assertThat(last.equity).isEqualTo(last.capital + Bars.units("51.59955"));
        }
    }
}

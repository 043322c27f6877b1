package io.marketpipe.job.signals;

import static io.marketpipe.job.signals.Bars.MINUTE;
import static io.marketpipe.job.signals.Bars.T0;
import static io.marketpipe.job.signals.Bars.bar;
import static io.marketpipe.job.signals.Bars.flat;
import static io.marketpipe.job.signals.Bars.units;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Fill;
import io.marketpipe.job.model.RoundTrip;
import io.marketpipe.job.model.Signal;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Every rule and exit on hand-computed price paths. */
class StrategyEngineTest {
    private final RecordingOutput out = new RecordingOutput();

    /** dip-buy, N = 3, 5 %; no fees, slippage or take-profit unless a test sets them. */
    private static StrategySpec.Builder dip() {
        return StrategySpec.builder("dip", StrategyKind.DIP_BUY)
                .lookback(3)
                .dipPercent(new BigDecimal("5"))
                .takeProfitPercent(BigDecimal.ZERO)
                .feeBps(BigDecimal.ZERO)
                .slippageBps(BigDecimal.ZERO)
                .quantityStep(units("0.001"));
    }

    private StrategyState run(StrategySpec spec, Bar... bars) {
        StrategyEngine engine = new StrategyEngine(spec);
        StrategyState state = engine.newState();
        for (Bar b : bars) {
            engine.onBar(state, b, out);
        }
        return state;
    }

    /** 100, 102, 101, then a close of 96.9 = 102 * 0.95: a dip at bar 3; bar 4 opens at 97. */
    private static Bar[] dipThenOpenAt97(Bar... after) {
        Bar[] start = {
            flat(0, "100"),
            flat(1, "102"),
            flat(2, "101"),
            bar(3, "100", "100", "96.9", "96.9"),
            bar(4, "97", "98", "96.5", "98")
        };
        Bar[] all = new Bar[start.length + after.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(after, 0, all, start.length, after.length);
        return all;
    }

    @Test
    void dipBuyDecidesOnTheCloseAndFillsAtTheNextOpen() {
        run(dip().build(), dipThenOpenAt97());

        assertThat(out.signals).hasSize(1);
        Signal s = out.signals.get(0);
        assertThat(s.side).isEqualTo("BUY");
        assertThat(s.reason).isEqualTo("DIP");
        assertThat(s.barTime).isEqualTo(T0 + 3 * MINUTE);
        assertThat(s.price).isEqualTo(units("96.9"));
        Fill f = out.fills.get(0);
        assertThat(f.fillTime).as("the next bar's open").isEqualTo(T0 + 4 * MINUTE);
        assertThat(f.signalBarTime).isEqualTo(T0 + 3 * MINUTE);
        assertThat(f.price).isEqualTo(units("97"));
        assertThat(f.quantity)
                .as("1000 / 96.9 = 10.3199.. down to 0.001")
                .isEqualTo(units("10.319"));
        EquityPoint last = out.equity.get(4);
        assertThat(last.position).isEqualTo(units("10.319"));
        assertThat(last.unrealizedPnl).as("10.319 * (98 - 97)").isEqualTo(units("10.319"));
        assertThat(last.equity).isEqualTo(units("1010.319"));
        assertThat(out.equity).hasSize(5);
    }

    @Test
    void thePositionsTableTakesTheFirstBarEveryOpenBarAndTheBarsThatChangeTheBook() {
        run(
                dip().takeProfitPercent(new BigDecimal("5")).build(),
                dipThenOpenAt97(
                        bar(5, "98", "102", "97.5", "101"), flat(6, "101"), flat(7, "100")));

        // bars 0-3 flat (3 decides the dip), 4 fills at the open, 5 takes profit, 6 and 7 flat
        assertThat(out.equity)
                .extracting(p -> p.bookChanged)
                .containsExactly(true, false, false, false, true, true, false, false);
        assertThat(out.equity)
                .extracting(EquityPoint::updatesPosition)
                .containsExactly(true, false, false, false, true, true, false, false);
        assertThat(out.equity.get(5).position).as("flat again after the target").isZero();
    }

    @Test
    void anOpenPositionUpdatesThePositionsTableOnEveryBar() {
        run(dip().build(), dipThenOpenAt97(flat(5, "99"), flat(6, "100")));

        assertThat(out.equity.subList(4, 7))
                .extracting(p -> p.bookChanged)
                .containsExactly(true, false, false);
        assertThat(out.equity.subList(4, 7)).allMatch(EquityPoint::updatesPosition);
    }

    @Test
    void aCloseAHairAboveTheDipLevelIsNoSignal() {
        assertThat(EntryRules.isDip(units("96.9"), units("102"), new BigDecimal("5"))).isTrue();
        assertThat(EntryRules.isDip(units("96.90000001"), units("102"), new BigDecimal("5")))
                .isFalse();
        run(dip().build(), flat(0, "100"), flat(1, "102"), flat(2, "101"), flat(3, "96.91"));
        assertThat(out.signals).isEmpty();
    }

    @Test
    void takeProfitFillsAtItsLevelWithinTheBar() {
        run(
                dip().takeProfitPercent(new BigDecimal("5")).build(),
                dipThenOpenAt97(bar(5, "98", "102", "97.5", "101")));

        RoundTrip t = out.roundTrips.get(0);
        assertThat(t.exitReason).isEqualTo("TAKE_PROFIT");
        assertThat(t.exitPrice).as("97 * 1.05").isEqualTo(units("101.85"));
        assertThat(t.exitTime).as("intra-bar: the bar's end").isEqualTo(T0 + 6 * MINUTE);
        assertThat(t.grossPnl).as("4.85 * 10.319").isEqualTo(units("50.04715"));
        assertThat(t.netPnl).isEqualTo(t.grossPnl);
        assertThat(t.returnPercent).isEqualByComparingTo("5");
        assertThat(t.holdingMillis).isEqualTo(2 * MINUTE);
        assertThat(out.signals.get(1).reason).isEqualTo("TAKE_PROFIT");
        assertThat(out.signals.get(1).price).isEqualTo(units("101.85"));
        assertThat(out.equity.get(5).position).isZero();
        assertThat(out.equity.get(5).realizedPnl).isEqualTo(units("50.04715"));
    }

    @Test
    void aBarThatOpensAboveTheTargetFillsAtTheOpen() {
        run(
                dip().takeProfitPercent(new BigDecimal("5")).build(),
                dipThenOpenAt97(bar(5, "103", "104", "102", "103")));

        assertThat(out.roundTrips.get(0).exitPrice).isEqualTo(units("103"));
        assertThat(out.roundTrips.get(0).exitTime).isEqualTo(T0 + 5 * MINUTE);
    }

    @Test
    void aStopGappedThroughFillsAtTheOpen() {
        run(
                dip().stopLossPercent(new BigDecimal("2")).build(),
                dipThenOpenAt97(bar(5, "94", "95", "93", "94.5")));

        RoundTrip t = out.roundTrips.get(0);
        assertThat(t.exitReason).isEqualTo("STOP_LOSS");
        assertThat(t.exitPrice)
                .as("not the 95.06 stop: the bar opened below it")
                .isEqualTo(units("94"));
        assertThat(t.exitTime).isEqualTo(T0 + 5 * MINUTE);
    }

    @Test
    void whenOneBarTouchesStopAndTargetTheStopWins() {
        run(
                dip().stopLossPercent(new BigDecimal("2"))
                        .takeProfitPercent(new BigDecimal("5"))
                        .build(),
                dipThenOpenAt97(bar(5, "98", "102", "95", "100")));

        RoundTrip t = out.roundTrips.get(0);
        assertThat(t.exitReason).isEqualTo("STOP_LOSS");
        assertThat(t.exitPrice).as("97 * 0.98").isEqualTo(units("95.06"));
    }

    @Test
    void feesAndSlippageGoAgainstTheStrategyOnBothSides() {
        run(
                dip().takeProfitPercent(new BigDecimal("5"))
                        .feeBps(BigDecimal.TEN)
                        .slippageBps(BigDecimal.TEN)
                        .build(),
                dipThenOpenAt97(bar(5, "98", "102", "97.5", "101")));

        // computed by hand (Python decimal): buy 97 * 1.001, fee 0.1 % of 97.097 * 10.319, ...
        Fill buy = out.fills.get(0);
        assertThat(buy.referencePrice).isEqualTo(units("97"));
        assertThat(buy.price).isEqualTo(units("97.097"));
        assertThat(buy.fee).isEqualTo(units("1.00194394"));
        assertThat(buy.slippage).isEqualTo(units("1.000943"));
        Fill sell = out.fills.get(1);
        assertThat(sell.referencePrice).as("target 97.097 * 1.05").isEqualTo(units("101.95185"));
        assertThat(sell.price).as("rounded down").isEqualTo(units("101.84989815"));
        assertThat(sell.fee).isEqualTo(units("1.0509891"));
        RoundTrip t = out.roundTrips.get(0);
        assertThat(t.grossPnl).isEqualTo(units("49.04515601"));
        assertThat(t.fees).isEqualTo(units("2.05293304"));
        assertThat(t.netPnl).isEqualTo(units("46.99222297"));
        assertThat(t.returnPercent).isEqualByComparingTo("4.690105");
    }

    @Test
    void quantityRoundsDownToTheStep() {
        run(dip().quantityStep(units("0.1")).build(), dipThenOpenAt97());
        assertThat(out.fills.get(0).quantity).as("10.3199.. down to 0.1").isEqualTo(units("10.3"));
    }

    @Test
    void signalCloseFillsAtTheSignalBarsOwnClose() {
        run(dip().fill(FillTiming.SIGNAL_CLOSE).build(), dipThenOpenAt97());
        Fill f = out.fills.get(0);
        assertThat(f.price).isEqualTo(units("96.9"));
        assertThat(f.fillTime).isEqualTo(T0 + 4 * MINUTE);
        assertThat(out.equity.get(3).position).as("long at bar 3's close").isPositive();
    }

    @Test
    void maCrossGoesLongOnTheCrossUpAndFlatOnTheCrossDown() {
        StrategySpec spec =
                StrategySpec.builder("ma", StrategyKind.MA_CROSS)
                        .averages(2, 3, MovingAverage.SMA)
                        .takeProfitPercent(BigDecimal.ZERO)
                        .feeBps(BigDecimal.ZERO)
                        .slippageBps(BigDecimal.ZERO)
                        .quantityStep(units("0.001"))
                        .build();
        run(
                spec,
                flat(0, "10"),
                flat(1, "9"),
                flat(2, "8"), // SMA2 8.5 < SMA3 9: down, no cross yet
                flat(3, "11"), // 9.5 > 9.33: cross up
                bar(4, "11", "12", "11", "12"),
                flat(5, "7"), // 9.5 < 10: cross down
                flat(6, "7.5"));

        assertThat(out.signals)
                .extracting(s -> s.side + " " + s.reason + " " + (s.barTime - T0) / MINUTE)
                .containsExactly("BUY MA_CROSS_UP 3", "SELL MA_CROSS_DOWN 5");
        RoundTrip t = out.roundTrips.get(0);
        assertThat(t.entryPrice).isEqualTo(units("11"));
        assertThat(t.exitPrice).isEqualTo(units("7.5"));
        assertThat(t.quantity).as("1000 / 11").isEqualTo(units("90.909"));
        assertThat(t.grossPnl).as("-3.5 * 90.909").isEqualTo(units("-318.1815"));
    }

    @Test
    void emaIsSeededWithTheSmaAndStepsWithTwoOverNPlusOne() {
        StrategySpec spec =
                StrategySpec.builder("ema", StrategyKind.MA_CROSS)
                        .averages(2, 3, MovingAverage.EMA)
                        .build();
        StrategyState s = run(spec, flat(0, "1"), flat(1, "2"), flat(2, "3"), flat(3, "4"));
        // fast: 1.5, then 1.5 + (3 - 1.5) * 2/3 = 2.5, then 2.5 + (4 - 2.5) * 2/3 = 3.5
        // slow: 2 (SMA of 1, 2, 3), then 2 + (4 - 2) * 2/4 = 3
        assertThat(s.fastAverage).isEqualTo(units("3.5"));
        assertThat(s.slowAverage).isEqualTo(units("3"));
        assertThat(out.signals).as("fast above slow from the start is no cross").isEmpty();
    }

    @Test
    void breakoutEntersWhenTheCloseClearsTheHighestHighOfTheLastNBars() {
        StrategySpec spec =
                StrategySpec.builder("bo", StrategyKind.BREAKOUT)
                        .lookback(2)
                        .takeProfitPercent(BigDecimal.ZERO)
                        .build();
        run(
                spec,
                bar(0, "10", "11", "9", "10"),
                bar(1, "10", "12", "9", "11"),
                bar(2, "11", "12", "11", "12"), // 12 is not above 12
                bar(3, "12", "13", "12", "12.5")); // above max(12, 12)

        assertThat(out.signals)
                .extracting(s -> s.reason + " " + (s.barTime - T0) / MINUTE)
                .containsExactly("BREAKOUT 3");
    }

    @Test
    void trailingStopFollowsTheHighestHighOfEarlierBars() {
        run(
                dip().trailingStopPercent(BigDecimal.TEN).build(),
                dipThenOpenAt97(
                        bar(5, "98", "110", "97.5", "109"), // trail 97 * 0.9 = 87.3: safe
                        bar(6, "108", "108", "98.9", "99"))); // trail 110 * 0.9 = 99: hit

        RoundTrip t = out.roundTrips.get(0);
        assertThat(t.exitReason).isEqualTo("TRAILING_STOP");
        assertThat(t.exitPrice).isEqualTo(units("99"));
    }

    @Test
    void maximumHoldingTimeExitsAtTheNextOpen() {
        run(
                dip().maxHoldMillis(2 * MINUTE).build(),
                dipThenOpenAt97(flat(5, "98"), flat(6, "97.5")));

        assertThat(out.signals.get(1).reason).isEqualTo("MAX_HOLD");
        assertThat(out.signals.get(1).barTime)
                .as("bar 5 ends 2 min after the entry")
                .isEqualTo(T0 + 5 * MINUTE);
        RoundTrip t = out.roundTrips.get(0);
        assertThat(t.exitPrice).isEqualTo(units("97.5"));
        assertThat(t.exitTime).isEqualTo(T0 + 6 * MINUTE);
    }

    @Test
    void aBarSeenAgainChangesNothing() {
        StrategyEngine engine = new StrategyEngine(dip().build());
        StrategyState s = engine.newState();
        for (Bar b : dipThenOpenAt97()) {
            engine.onBar(s, b, out);
        }
        int fills = out.fills.size();
        assertThat(engine.onBar(s, flat(4, "97"), out)).isFalse();
        assertThat(out.fills).hasSize(fills);
        assertThat(out.equity).hasSize(5);
    }

    @Test
    void stateIsBoundedByTheLookback() {
        StrategyEngine engine = new StrategyEngine(dip().build());
        StrategyState s = engine.newState();
        for (int i = 0; i < 1_000; i++) {
            engine.onBar(s, flat(i, i % 2 == 0 ? "100" : "101"), out);
        }
        assertThat(s.closes).hasSize(3);
        assertThat(s.highs).hasSize(3);
    }
}

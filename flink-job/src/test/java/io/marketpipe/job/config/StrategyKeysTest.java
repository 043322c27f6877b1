package io.marketpipe.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.signals.FillTiming;
import io.marketpipe.job.signals.MovingAverage;
import io.marketpipe.job.signals.StrategyKind;
import io.marketpipe.job.signals.StrategySpec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StrategyKeysTest {
    private static JobConfig config(String... kv) {
        Properties strategies = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            strategies.setProperty(kv[i], kv[i + 1]);
        }
        Properties bars = new Properties();
        bars.setProperty("intervals", "1m,5m");
        return JobConfig.fromPropertyGroups(
                Map.of(JobConfig.STRATEGIES, strategies, JobConfig.BARS, bars));
    }

    @Test
    void noStrategiesByDefault() {
        assertThat(config().strategies()).isEmpty();
    }

    @Test
    void readsSeveralInstancesIncludingTwoOfOneKind() {
        List<StrategySpec> specs =
                config(
                                "ids", "dip-fast, dip-slow,cross",
                                "dip-fast.kind", "dip-buy",
                                "dip-fast.lookback", "5",
                                "dip-fast.dip.pct", "1.5",
                                "dip-slow.kind", "dip-buy",
                                "dip-slow.interval", "5m",
                                "dip-slow.stop-loss.pct", "2",
                                "dip-slow.symbols", "BTCUSDT,ETHUSDT",
                                "cross.kind", "ma-cross",
                                "cross.fast", "3",
                                "cross.slow", "8",
                                "cross.ma", "ema",
                                "cross.fill", "signal-close",
                                "cross.notional", "250.5")
                        .strategies();

        assertThat(specs).extracting(s -> s.id).containsExactly("dip-fast", "dip-slow", "cross");
        StrategySpec fast = specs.get(0);
        assertThat(fast.kind).isEqualTo(StrategyKind.DIP_BUY);
        assertThat(fast.lookback).isEqualTo(5);
        assertThat(fast.dipPercent).isEqualByComparingTo("1.5");
        assertThat(fast.takeProfitPercent).as("default").isEqualByComparingTo("5");
        assertThat(fast.stopLossPercent).as("0 = none").isNull();
        assertThat(fast.interval).isEqualTo("1m");
        StrategySpec slow = specs.get(1);
        assertThat(slow.interval).isEqualTo("5m");
        assertThat(slow.stopLossPercent).isEqualByComparingTo("2");
        assertThat(slow.symbols).containsExactlyInAnyOrder("BTCUSDT", "ETHUSDT");
        StrategySpec cross = specs.get(2);
        assertThat(cross.fast).isEqualTo(3);
        assertThat(cross.slow).isEqualTo(8);
        assertThat(cross.average).isEqualTo(MovingAverage.EMA);
        assertThat(cross.fill).isEqualTo(FillTiming.SIGNAL_CLOSE);
        assertThat(cross.notional).isEqualTo(Decimals.parse("250.5"));
    }

    @Test
    void rejectsKeysOfUnknownIdsAndUnknownParameters() {
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "dip-buy", "b.kind", "breakout"))
                .hasMessageContaining("unknown key \"b.kind\" in group \"strategies\"");
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "dip-buy", "a.lookbak", "3"))
                .hasMessageContaining("unknown key \"a.lookbak\"");
    }

    @Test
    void rejectsAParameterOfAnotherKind() {
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "breakout", "a.dip.pct", "3"))
                .hasMessageContaining("a.dip.pct is not a parameter of breakout");
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "ma-cross", "a.lookback", "3"))
                .hasMessageContaining("a.lookback is not a parameter of ma-cross");
    }

    @Test
    void rejectsImpossibleValuesAtStartUp() {
        assertThatThrownBy(() -> config("ids", "a")).hasMessageContaining("a.kind is required");
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "momentum"))
                .hasMessageContaining("\"momentum\" is not dip-buy, ma-cross or breakout");
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "dip-buy", "a.interval", "1h"))
                .hasMessageContaining("1h is not one of bars / intervals");
        assertThatThrownBy(
                        () ->
                                config(
                                        "ids",
                                        "a",
                                        "a.kind",
                                        "ma-cross",
                                        "a.fast",
                                        "30",
                                        "a.slow",
                                        "10"))
                .hasMessageContaining("fast (30) must be below slow (10)");
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "dip-buy", "a.dip.pct", "100"))
                .hasMessageContaining("dip.pct must be a percentage > 0 and < 100");
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "dip-buy", "a.fee.bps", "-1"))
                .hasMessageContaining("fee.bps");
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "dip-buy", "a.notional", "1e3"))
                .hasMessageContaining("a.notional is not a valid number");
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "dip-buy", "a.lookback", "0"))
                .hasMessageContaining("lookback must be a number of bars from 1");
        assertThatThrownBy(() -> config("ids", "a,a", "a.kind", "dip-buy"))
                .hasMessageContaining("lists an id twice");
        assertThatThrownBy(() -> config("ids", "a", "a.kind", "dip-buy", "a.fill", "now"))
                .hasMessageContaining("next-open or signal-close");
    }
}

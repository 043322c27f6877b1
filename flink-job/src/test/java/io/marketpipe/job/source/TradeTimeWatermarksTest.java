package io.marketpipe.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class TradeTimeWatermarksTest {
    private static final long T0 = 1_700_000_000_000L;

    /** What a split's generator says, in order: watermarks as numbers, "idle", "active". */
    private final List<Object> said = new ArrayList<>();

    private final WatermarkOutput output =
            new WatermarkOutput() {
                @Override
                public void emitWatermark(Watermark watermark) {
                    said.add(watermark.getTimestamp());
                }

                @Override
                public void markIdle() {
                    said.add("idle");
                }

                @Override
                public void markActive() {
                    said.add("active");
                }
            };

    private static MarketEvent trade(long time) {
        return MarketEvent.trade(
                new Trade(Venue.BINANCE, "BTCUSDT", 1, 100, 1, time, time, false, 0, Origin.LIVE));
    }

    private static MarketEvent quote() {
        Quote q = new Quote();
        q.venue = Venue.BINANCE;
        q.symbol = "BTCUSDT";
        return MarketEvent.quote(q);
    }

    @Test
    void quotesAloneDoNotKeepASplitActive() {
        ManualClock clock = new ManualClock(TimeUnit.SECONDS.toNanos(1));
        WatermarkGenerator<MarketEvent> generator =
                TradeTimeWatermarks.withTradeIdleness(2_000, 10_000, clock);
        generator.onEvent(trade(T0), T0, output);
        generator.onPeriodicEmit(output);
        assertThat(said).containsExactly(T0 - 2_001);

        for (int second = 1; second <= 9; second++) { // a quote a second, no trade
            clock.advanceTime(1, TimeUnit.SECONDS);
            generator.onEvent(quote(), Long.MIN_VALUE, output);
            generator.onPeriodicEmit(output);
        }
        assertThat(said).doesNotContain("idle");
        for (int second = 10; second <= 15; second++) { // past the idleness, still only quotes
            clock.advanceTime(1, TimeUnit.SECONDS);
            generator.onEvent(quote(), Long.MIN_VALUE, output);
            generator.onPeriodicEmit(output);
        }
        assertThat(said).endsWith("idle");

        generator.onEvent(trade(T0 + 12_000), T0 + 12_000, output);
        generator.onPeriodicEmit(output);
        assertThat(said).endsWith("idle", T0 + 12_000 - 2_001); // a watermark ends idleness
    }

    @Test
    void zeroIdlenessNeverGoesIdle() {
        ManualClock clock = new ManualClock();
        WatermarkGenerator<MarketEvent> generator =
                TradeTimeWatermarks.withTradeIdleness(2_000, 0, clock);
        generator.onEvent(trade(T0), T0, output);
        clock.advanceTime(1, TimeUnit.HOURS);
        generator.onPeriodicEmit(output);
        assertThat(said).containsExactly(T0 - 2_001);
    }
}

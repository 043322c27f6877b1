package io.marketpipe.job.source;

import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.model.MarketEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;

/**
 * Bounded out-of-orderness over trade times, emitted periodically and also every {@value
 * #EMIT_EVERY} events, so a fast replay gets the same watermarks (and the same LATE verdicts) for
 * the same input whatever the speed of the machine. Only trades move it; see {@link
 * #withTradeIdleness}.
 */
public final class TradeTimeWatermarks implements WatermarkGenerator<MarketEvent> {
    static final int EMIT_EVERY = 256;

    private final long outOfOrdernessMillis;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;
    private int sinceEmit;

    public TradeTimeWatermarks(long outOfOrdernessMillis) {
        this.outOfOrdernessMillis = outOfOrdernessMillis;
    }

    /**
     * Event time from trade times with the configured bounded out-of-orderness and idleness (a
     * split without trades for that long, even if it sends quotes, stops holding the watermark
     * back). Give it to the source ({@code env.fromSource}), which tracks it per shard or file
     * split: assigned after a shuffle, one shard read ahead of another would make the other's
     * trades late.
     */
    public static WatermarkStrategy<MarketEvent> strategy(JobConfig config) {
        long bound = config.millis(JobConfig.BARS, "watermark.out-of-orderness.ms");
        long idleness = config.millis(JobConfig.BARS, "watermark.idleness.ms");
        return WatermarkStrategy.<MarketEvent>forGenerator(
                        ctx -> withTradeIdleness(bound, idleness))
                .withTimestampAssigner((event, ts) -> event.eventTime());
    }

    /**
     * With idleness that only trades end: a split that keeps sending quotes or control frames but
     * no trades (an illiquid symbol's book ticker) must not hold every bar back. {@code idleness} 0
     * = never idle.
     */
    public static WatermarkGenerator<MarketEvent> withTradeIdleness(
            long outOfOrdernessMillis, long idlenessMillis) {
        return withTradeIdleness(outOfOrdernessMillis, idlenessMillis, SystemClock.getInstance());
    }

    static WatermarkGenerator<MarketEvent> withTradeIdleness(
            long outOfOrdernessMillis, long idlenessMillis, RelativeClock clock) {
        WatermarkGenerator<MarketEvent> watermarks = new TradeTimeWatermarks(outOfOrdernessMillis);
        WatermarkGenerator<MarketEvent> inner =
                idlenessMillis == 0
                        ? watermarks
                        : new WatermarksWithIdleness<>(
                                watermarks, Duration.ofMillis(idlenessMillis), clock);
        return new WatermarkGenerator<>() {
            @Override
            public void onEvent(MarketEvent event, long timestamp, WatermarkOutput output) {
                if (event.movesTime()) {
                    inner.onEvent(event, timestamp, output);
                }
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                inner.onPeriodicEmit(output);
            }
        };
    }

    @Override
    public void onEvent(MarketEvent event, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        if (++sinceEmit >= EMIT_EVERY) {
            emit(output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        emit(output);
    }

    private void emit(WatermarkOutput output) {
        sinceEmit = 0;
        if (maxTimestamp == Long.MIN_VALUE) {
            return;
        }
        long watermark = maxTimestamp - outOfOrdernessMillis - 1;
        if (watermark > lastEmitted) {
            lastEmitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}

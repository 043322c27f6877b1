package io.marketpipe.job.source;

import io.marketpipe.job.model.MarketEvent;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness over trade times, emitted periodically and also every {@value
 * #EMIT_EVERY} events, so a fast replay gets the same watermarks (and the same LATE verdicts) for
 * the same input whatever the speed of the machine.
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

package io.marketpipe.job.source;

import io.marketpipe.job.model.MarketEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.kinesis.shaded.com.amazonaws.http.IdleConnectionReaper;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Behind the enhanced fan-out reader: emits each event of a record's batch with its own timestamp
 * (the trade time) and derives watermarks per shard, as the polling source does per split: bounded
 * out-of-orderness over each shard's trade times, the minimum over shards heard from within the
 * idleness, emitted periodically and every {@value TradeTimeWatermarks#EMIT_EVERY} events. Idle
 * when every shard it has heard from is, or when the reader says it has no shards.
 *
 * <p>At start (and after a restore) it emits no watermark for the idleness period, unless the
 * reader has no shards: the operator cannot see which shards its reader holds, only those it has
 * heard from, and the fan-out subscriptions start one by one. Measured on the local stack: one
 * shard's first records came 3.8 s after its neighbour's, and with the watermark already set by the
 * neighbour, that shard's first 448 trades were LATE. A shard not yet heard from is thus treated as
 * a silent one, which holds the watermark back for the idleness period, as the polling source's
 * per-split watermarks do for a split that has not emitted yet. The reader's own periodic watermark
 * emitter is not used: in connector 4.3.0 it fails stop-with-savepoint (its timer marks the closed
 * source context idle).
 */
public final class ShardBatchOperator extends AbstractStreamOperator<MarketEvent>
        implements OneInputStreamOperator<Tuple2<String, List<MarketEvent>>, MarketEvent> {
    private static final long serialVersionUID = 1L;

    private final long outOfOrdernessMillis;
    private final long idlenessMillis;
    private transient Map<String, ShardClock> shards;
    private transient StreamRecord<MarketEvent> reuse;
    private transient long lastEmitted;
    private transient boolean readerIdle;
    private transient boolean idle;
    private transient int sinceEmit;
    private transient long holdUntil;

    public ShardBatchOperator(long outOfOrdernessMillis, long idlenessMillis) {
        this.outOfOrdernessMillis = outOfOrdernessMillis;
        this.idlenessMillis = idlenessMillis;
    }

    /**
     * Open instances in this class loader (one job): the last to close stops the AWS SDK v1
     * connection reaper, a static daemon thread the fan-out consumer's SDK starts and never stops,
     * which would otherwise keep the job's class loader alive after the job ends.
     */
    private static final AtomicInteger OPEN = new AtomicInteger();

    @Override
    public void open() throws Exception {
        super.open();
        OPEN.incrementAndGet();
        shards = new HashMap<>();
        reuse = new StreamRecord<>(null);
        lastEmitted = Long.MIN_VALUE;
        holdUntil = getProcessingTimeService().getCurrentProcessingTime() + idlenessMillis;
        scheduleEmit();
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();
        } finally {
            if (OPEN.decrementAndGet() == 0) {
                IdleConnectionReaper.shutdown();
            }
        }
    }

    private void scheduleEmit() {
        long interval = Math.max(getExecutionConfig().getAutoWatermarkInterval(), 50);
        getProcessingTimeService()
                .registerTimer(
                        getProcessingTimeService().getCurrentProcessingTime() + interval,
                        time -> {
                            emitWatermark();
                            scheduleEmit();
                        });
    }

    @Override
    public void processElement(StreamRecord<Tuple2<String, List<MarketEvent>>> element) {
        ShardClock shard = shards.computeIfAbsent(element.getValue().f0, s -> new ShardClock());
        readerIdle = false;
        if (idle) {
            idle = false;
            output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        }
        for (MarketEvent event : element.getValue().f1) {
            if (event.movesTime()) {
                shard.maxTradeTime = Math.max(shard.maxTradeTime, event.eventTime());
                shard.lastTradeHeard = getProcessingTimeService().getCurrentProcessingTime();
                output.collect(reuse.replace(event, event.eventTime()));
            } else {
                reuse.eraseTimestamp();
                output.collect(reuse.replace(event));
            }
            if (++sinceEmit >= TradeTimeWatermarks.EMIT_EVERY) {
                emitWatermark();
            }
        }
    }

    private void emitWatermark() {
        sinceEmit = 0;
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (now < holdUntil && !readerIdle) {
            return; // shards not heard from yet may still start: see the class comment
        }
        long min = Long.MAX_VALUE;
        boolean active = false;
        for (ShardClock shard : shards.values()) {
            boolean heard = shard.maxTradeTime != Long.MIN_VALUE;
            if (heard && (idlenessMillis == 0 || now - shard.lastTradeHeard < idlenessMillis)) {
                active = true;
                min = Math.min(min, shard.maxTradeTime);
            }
        }
        if (!active || readerIdle) {
            // no shard heard from lately, or the reader has none: stop holding the watermark back
            boolean knownIdle = readerIdle || (!shards.isEmpty() && idlenessMillis > 0);
            if (!idle && knownIdle) {
                idle = true;
                output.emitWatermarkStatus(WatermarkStatus.IDLE);
            }
            return;
        }
        long watermark = min - outOfOrdernessMillis - 1;
        if (watermark > lastEmitted) {
            lastEmitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    /** What one shard has told: its latest trade time, and when (processing time) it came. */
    private static final class ShardClock {
        long maxTradeTime = Long.MIN_VALUE;
        long lastTradeHeard;
    }

    /** The reader is idle when it has no shards to read (at start, or all closed). */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        readerIdle = status.isIdle();
        emitWatermark();
    }

    /** Only the end-of-input watermark passes; all others come from the shards' trade times. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (mark.getTimestamp() == Long.MAX_VALUE) {
            super.processWatermark(mark);
        }
    }
}

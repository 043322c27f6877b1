package io.marketpipe.job.dedupe;

import io.marketpipe.job.model.RoutedTrade;
import io.marketpipe.job.model.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops duplicate trades per venue and symbol (the key): by trade id where the venue has ids (so
 * Binance JSON, SBE, backfill and a rotation's overlap dedupe against each other), by content hash
 * within {@code contentTtlMillis} of event time where it has none. Duplicates are counted.
 */
public final class DedupeFunction extends KeyedProcessFunction<String, RoutedTrade, RoutedTrade> {
    private static final long serialVersionUID = 1L;
    public static final String DUPLICATES = "duplicates";
    private static final long TIMER_ROUNDING_MILLIS = 1_000;

    private final long contentTtlMillis;
    private transient ValueState<Long> highest;
    private transient MapState<Long, Long> idBlocks;
    private transient MapState<Long, Long> contentSeen;
    private transient Counter duplicates;
    private transient Counter tooOld;
    private transient LongCounter duplicatesTotal;
    private transient long[] highestOut;
    private transient IdDeduper.Blocks blocks;

    public DedupeFunction(long contentTtlMillis) {
        this.contentTtlMillis = contentTtlMillis;
    }

    @Override
    public void open(Configuration parameters) {
        highest =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("dedupe-highest-id", Types.LONG));
        idBlocks =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "dedupe-id-blocks", Types.LONG, Types.LONG));
        contentSeen =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "dedupe-content-hashes", Types.LONG, Types.LONG));
        duplicates =
                getRuntimeContext().getMetricGroup().addGroup("accounting").counter(DUPLICATES);
        tooOld =
                getRuntimeContext().getMetricGroup().addGroup("accounting").counter("dedupeTooOld");
        duplicatesTotal = new LongCounter();
        getRuntimeContext().addAccumulator(DUPLICATES, duplicatesTotal);
        highestOut = new long[1];
        blocks = new MapStateBlocks(idBlocks);
    }

    @Override
    public void processElement(RoutedTrade routed, Context ctx, Collector<RoutedTrade> out)
            throws Exception {
        Trade trade = routed.trade;
        boolean fresh = trade.tradeId == Trade.NO_ID ? freshContent(trade, ctx) : freshId(trade);
        if (fresh) {
            out.collect(routed);
        } else {
            duplicates.inc();
            duplicatesTotal.add(1);
        }
    }

    private boolean freshId(Trade trade) throws Exception {
        Long h = highest.value();
        IdDeduper.Verdict verdict =
                IdDeduper.offer(trade.tradeId, h == null ? Long.MIN_VALUE : h, blocks, highestOut);
        if (h == null || highestOut[0] != h) {
            highest.update(highestOut[0]);
        }
        if (verdict == IdDeduper.Verdict.TOO_OLD) {
            tooOld.inc();
        }
        return verdict != IdDeduper.Verdict.DUPLICATE;
    }

    private boolean freshContent(Trade trade, Context ctx) throws Exception {
        long hash = ContentHash.of(trade);
        if (contentSeen.contains(hash)) {
            return false;
        }
        long expiry = trade.tradeTime + contentTtlMillis;
        contentSeen.put(hash, expiry);
        long timer = (expiry / TIMER_ROUNDING_MILLIS + 1) * TIMER_ROUNDING_MILLIS;
        ctx.timerService().registerEventTimeTimer(timer);
        return true;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RoutedTrade> out)
            throws Exception {
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, Long> e : contentSeen.entries()) {
            if (e.getValue() <= timestamp) {
                expired.add(e.getKey());
            }
        }
        for (Long hash : expired) {
            contentSeen.remove(hash);
        }
        if (contentSeen.isEmpty()) {
            contentSeen.clear();
        }
    }

    /** The id bitmap's blocks in this key's map state (made once, not per trade). */
    private static final class MapStateBlocks implements IdDeduper.Blocks {
        private final MapState<Long, Long> state;

        MapStateBlocks(MapState<Long, Long> state) {
            this.state = state;
        }

        @Override
        public long get(long block) {
            try {
                Long bits = state.get(block);
                return bits == null ? 0 : bits;
            } catch (Exception e) {
                throw new IllegalStateException("dedupe state unreadable", e);
            }
        }

        @Override
        public void put(long block, long bits) {
            try {
                state.put(block, bits);
            } catch (Exception e) {
                throw new IllegalStateException("dedupe state unwritable", e);
            }
        }

        @Override
        public void remove(long block) {
            try {
                state.remove(block);
            } catch (Exception e) {
                throw new IllegalStateException("dedupe state unwritable", e);
            }
        }
    }
}

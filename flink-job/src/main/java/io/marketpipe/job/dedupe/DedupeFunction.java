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
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops duplicate trades per venue and symbol (the key): by trade id where the venue has ids (so
 * Binance JSON, SBE, backfill, aggregates and a rotation's overlap dedupe against each other;
 * {@link IdDeduper}), by content within {@code contentTtlMillis} of event time where it has none
 * ({@link ContentSeen}: a hash finds the candidates, the exact price, quantity and time decide).
 * Duplicates are counted, and so are ids too old to tell and ids held apart from the mark.
 */
public final class DedupeFunction extends KeyedProcessFunction<String, RoutedTrade, RoutedTrade> {
    private static final long serialVersionUID = 1L;
    public static final String DUPLICATES = "duplicates";
    public static final String HELD_APART = "dedupeHeldApart";
    private static final long TIMER_ROUNDING_MILLIS = 1_000;

    private final long contentTtlMillis;
    private transient ValueState<Long> highest;
    private transient ValueState<long[]> markCounts;
    private transient MapState<Long, Long> idBlocks;
    private transient MapState<Long, Long> heldIds;
    private transient MapState<Long, Long> heldRegions;
    private transient MapState<Long, long[]> contentSeen;
    private transient Counter duplicates;
    private transient Counter tooOld;
    private transient Counter heldApart;
    private transient LongCounter duplicatesTotal;
    private transient IdDeduper.Mark mark;
    private transient IdDeduper.Blocks blocks;
    private transient IdDeduper.Held held;

    /** The ids aggregates put into the bars: [highest, stands on, held], blocks, held ids. */
    private transient ValueState<long[]> aggregateMark;

    private transient IdDeduper.Mark covered;
    private transient IdDeduper.Blocks coveredBlocks;
    private transient IdDeduper.Held coveredHeld;

    public DedupeFunction(long contentTtlMillis) {
        this.contentTtlMillis = contentTtlMillis;
    }

    @Override
    public void open(Configuration parameters) {
        highest =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("dedupe-highest-id", Types.LONG));
        markCounts =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "dedupe-mark-counts",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        idBlocks = mapState("dedupe-id-blocks");
        heldIds = mapState("dedupe-held-ids");
        heldRegions = mapState("dedupe-held-regions");
        contentSeen =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "dedupe-content",
                                        Types.LONG,
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        duplicates =
                getRuntimeContext().getMetricGroup().addGroup("accounting").counter(DUPLICATES);
        tooOld =
                getRuntimeContext().getMetricGroup().addGroup("accounting").counter("dedupeTooOld");
        heldApart = getRuntimeContext().getMetricGroup().addGroup("accounting").counter(HELD_APART);
        duplicatesTotal = new LongCounter();
        getRuntimeContext().addAccumulator(DUPLICATES, duplicatesTotal);
        mark = new IdDeduper.Mark();
        blocks = new StateBlocks(idBlocks);
        held = new StateHeld(heldIds, heldRegions);
        aggregateMark =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "dedupe-aggregate-mark",
                                        PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        covered = new IdDeduper.Mark();
        coveredBlocks = new StateBlocks(mapState("dedupe-aggregate-blocks"));
        coveredHeld =
                new StateHeld(
                        mapState("dedupe-aggregate-held-ids"),
                        mapState("dedupe-aggregate-held-regions"));
    }

    private MapState<Long, Long> mapState(String name) {
        return getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(name, Types.LONG, Types.LONG));
    }

    @Override
    public void processElement(RoutedTrade routed, Context ctx, Collector<RoutedTrade> out)
            throws Exception {
        Trade trade = routed.trade;
        boolean fresh = trade.tradeId == Trade.NO_ID ? freshContent(trade, ctx) : freshId(trade);
        RoutedTrade passed = routed;
        if (fresh && trade.tradeId != Trade.NO_ID) {
            passed = aggregates(routed);
        }
        if (fresh && passed != null) {
            out.collect(passed);
        } else {
            duplicates.inc();
            duplicatesTotal.add(1);
        }
    }

    private boolean freshId(Trade trade) throws Exception {
        Long h = highest.value();
        long[] counts = markCounts.value();
        mark.highest = h == null ? Long.MIN_VALUE : h;
        // a key restored from before the mark's counts were kept has stood on its mark for long
        mark.standsOn = counts == null ? IdDeduper.PROMOTE : counts[0];
        mark.held = counts == null ? 0 : counts[1];
        long standsOn = mark.standsOn;
        long heldBefore = mark.held;
        IdDeduper.Verdict verdict =
                trade.isAggregate()
                        ? anySeen(trade, mark, blocks, held)
                        : IdDeduper.offer(trade.tradeId, mark, blocks, held);
        if (h == null || mark.highest != h) {
            highest.update(mark.highest);
        }
        if (counts == null || mark.standsOn != standsOn || mark.held != heldBefore) {
            markCounts.update(new long[] {mark.standsOn, mark.held});
        }
        if (verdict == IdDeduper.Verdict.TOO_OLD) {
            tooOld.inc();
        } else if (verdict == IdDeduper.Verdict.HELD) {
            heldApart.inc();
        }
        return verdict != IdDeduper.Verdict.DUPLICATE;
    }

    /**
     * Aggregates (Binance aggTrades) against the trades they stand for, which may come too, before
     * or after them. Single trades are deduped among themselves as above, and all go on to the
     * trades table. An aggregate goes into the bars only if none of its trades was seen, singly or
     * in another aggregate; its ids are then remembered apart, and a single trade among them is
     * passed on {@link Trade#coveredByAggregate covered}: the bars have it already. State for this
     * exists only for a symbol that has aggregates. Returns what to pass on, null for a duplicate.
     */
    private RoutedTrade aggregates(RoutedTrade routed) throws Exception {
        Trade trade = routed.trade;
        long[] m = aggregateMark.value();
        if (m == null && !trade.isAggregate()) {
            return routed;
        }
        covered.highest = m == null ? Long.MIN_VALUE : m[0];
        covered.standsOn = m == null ? 0 : m[1];
        covered.held = m == null ? 0 : m[2];
        if (!trade.isAggregate()) {
            if (IdDeduper.seen(trade.tradeId, covered, coveredBlocks, coveredHeld)) {
                Trade copy = trade.copy();
                copy.coveredByAggregate = true;
                return new RoutedTrade(copy, routed.lateFrame);
            }
            return routed;
        }
        if (anySeen(trade, covered, coveredBlocks, coveredHeld) == IdDeduper.Verdict.DUPLICATE) {
            return null;
        }
        for (long id = trade.tradeId; id <= trade.lastTradeId; id++) {
            IdDeduper.offer(id, covered, coveredBlocks, coveredHeld);
        }
        aggregateMark.update(new long[] {covered.highest, covered.standsOn, covered.held});
        return routed;
    }

    /** DUPLICATE if any of an aggregate's trade ids is in the set, else NEW; changes nothing. */
    private static IdDeduper.Verdict anySeen(
            Trade aggregate, IdDeduper.Mark mark, IdDeduper.Blocks blocks, IdDeduper.Held held) {
        for (long id = aggregate.tradeId; id <= aggregate.lastTradeId; id++) {
            if (IdDeduper.seen(id, mark, blocks, held)) {
                return IdDeduper.Verdict.DUPLICATE;
            }
        }
        return IdDeduper.Verdict.NEW;
    }

    private boolean freshContent(Trade trade, Context ctx) throws Exception {
        long hash = ContentHash.of(trade);
        long expiry = trade.tradeTime + contentTtlMillis;
        long[] seen = ContentSeen.add(contentSeen.get(hash), trade, expiry);
        if (seen == null) {
            return false;
        }
        contentSeen.put(hash, seen);
        long timer = (expiry / TIMER_ROUNDING_MILLIS + 1) * TIMER_ROUNDING_MILLIS;
        ctx.timerService().registerEventTimeTimer(timer);
        return true;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RoutedTrade> out)
            throws Exception {
        List<Map.Entry<Long, long[]>> changed = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : contentSeen.entries()) {
            long[] kept = ContentSeen.expire(e.getValue(), timestamp);
            if (kept != e.getValue()) {
                changed.add(Map.entry(e.getKey(), kept));
            }
        }
        for (Map.Entry<Long, long[]> e : changed) {
            if (e.getValue().length == 0) {
                contentSeen.remove(e.getKey());
            } else {
                contentSeen.put(e.getKey(), e.getValue());
            }
        }
        if (contentSeen.isEmpty()) {
            contentSeen.clear();
        }
    }

    /** Wraps a state access that Flink declares as throwing. */
    private interface StateCall<T> {
        T call() throws Exception;
    }

    private static <T> T access(StateCall<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException("dedupe state unreadable or unwritable", e);
        }
    }

    /** The id bitmap's blocks in this key's map state (made once, not per trade). */
    private static final class StateBlocks implements IdDeduper.Blocks {
        private final MapState<Long, Long> state;

        StateBlocks(MapState<Long, Long> state) {
            this.state = state;
        }

        @Override
        public long get(long block) {
            Long bits = access(() -> state.get(block));
            return bits == null ? 0 : bits;
        }

        @Override
        public void put(long block, long bits) {
            access(
                    () -> {
                        state.put(block, bits);
                        return null;
                    });
        }

        @Override
        public void remove(long block) {
            access(
                    () -> {
                        state.remove(block);
                        return null;
                    });
        }
    }

    /** The held ids and their region counts in this key's map states. */
    private static final class StateHeld implements IdDeduper.Held {
        private final MapState<Long, Long> ids;
        private final MapState<Long, Long> regions;

        StateHeld(MapState<Long, Long> ids, MapState<Long, Long> regions) {
            this.ids = ids;
            this.regions = regions;
        }

        @Override
        public boolean contains(long id) {
            return access(() -> ids.contains(id));
        }

        @Override
        public void add(long id) {
            access(
                    () -> {
                        ids.put(id, 0L);
                        return null;
                    });
        }

        @Override
        public void remove(long id) {
            access(
                    () -> {
                        ids.remove(id);
                        return null;
                    });
        }

        @Override
        public Iterable<Long> ids() {
            List<Long> all = new ArrayList<>();
            access(() -> ids.keys()).forEach(all::add);
            return all;
        }

        @Override
        public long inRegion(long region) {
            Long count = access(() -> regions.get(region));
            return count == null ? 0 : count;
        }

        @Override
        public void inRegion(long region, long count) {
            access(
                    () -> {
                        regions.put(region, count);
                        return null;
                    });
        }

        @Override
        public void clear() {
            ids.clear();
            regions.clear();
        }
    }
}

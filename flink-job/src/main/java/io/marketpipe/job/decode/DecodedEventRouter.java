package io.marketpipe.job.decode;

import io.marketpipe.job.metrics.Latencies;
import io.marketpipe.job.model.AggTrade;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.RoutedTrade;
import io.marketpipe.job.model.Trade;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Routes what the source decoded (decoding itself runs in the source, so watermarks are taken per
 * shard): trades on, quotes to {@link #QUOTES}, book updates to {@link #BOOKS}, aggregate trades to
 * {@link #AGG_TRADES}, klines to {@link #KLINES}, known gaps to {@link #GAPS}, quarantine records
 * to {@link #QUARANTINE}, control frames counted and dropped. Every frame and event is counted, as
 * Flink metrics (dashboards) and accumulators (summaries).
 *
 * <p>A trade already further behind this operator's watermark than the allowed lateness may be
 * quarantined as LATE after dedupe, so it takes its raw frame along in its {@link RoutedTrade}.
 * Downstream watermarks are never ahead of this one, so no other trade can be LATE there and the
 * rest travel without it.
 */
public final class DecodedEventRouter extends ProcessFunction<MarketEvent, RoutedTrade> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Quarantined> QUARANTINE =
            new OutputTag<Quarantined>("quarantine") {};
    public static final OutputTag<Quote> QUOTES = new OutputTag<Quote>("quotes") {};
    public static final OutputTag<Gap> GAPS = new OutputTag<Gap>("gaps") {};
    public static final OutputTag<BookUpdate> BOOKS = new OutputTag<BookUpdate>("books") {};
    public static final OutputTag<AggTrade> AGG_TRADES = new OutputTag<AggTrade>("agg-trades") {};
    public static final OutputTag<Kline> KLINES = new OutputTag<Kline>("klines") {};

    public static final String FRAMES = "frames";
    public static final String TRADES = "trades";
    public static final String QUOTES_COUNT = "quotes";
    public static final String CONTROL = "control";
    public static final String GAPS_COUNT = "gaps";
    public static final String BOOK_UPDATES = "bookUpdates";
    public static final String AGG_TRADES_COUNT = "aggTrades";
    public static final String KLINES_COUNT = "klines";
    public static final String QUARANTINED = "quarantined";

    private final long allowedLatenessMillis;

    /** Kinds whose operators the job was built without: quarantined STREAM_OFF. */
    private final EnumSet<MarketEvent.Kind> off;

    /** The frame whose bytes went with a late trade last, and the stand-in for its others. */
    private transient RawFrame carried;

    private transient RawFrame carriedStub;

    private transient Accounting accounting;
    private transient Histogram exchangeToReceive;
    private transient Histogram receiveToDecode;

    public DecodedEventRouter(long allowedLatenessMillis) {
        this(allowedLatenessMillis, EnumSet.noneOf(MarketEvent.Kind.class));
    }

    /** {@code off}: book updates, aggregates or klines the job has no operators for. */
    public DecodedEventRouter(long allowedLatenessMillis, Set<MarketEvent.Kind> off) {
        this.allowedLatenessMillis = allowedLatenessMillis;
        this.off = off.isEmpty() ? EnumSet.noneOf(MarketEvent.Kind.class) : EnumSet.copyOf(off);
    }

    /** The kinds the streams of {@code source / market-streams} leave out. */
    public static Set<MarketEvent.Kind> offFor(Set<String> marketStreams) {
        EnumSet<MarketEvent.Kind> off = EnumSet.noneOf(MarketEvent.Kind.class);
        if (!marketStreams.contains("depth")) {
            off.add(MarketEvent.Kind.BOOK);
        }
        if (!marketStreams.contains("aggTrade")) {
            off.add(MarketEvent.Kind.AGG_TRADE);
        }
        if (!marketStreams.contains("kline")) {
            off.add(MarketEvent.Kind.KLINE);
        }
        return off;
    }

    private static final Map<MarketEvent.Kind, String> STREAM_OF =
            Map.of(
                    MarketEvent.Kind.BOOK, "depth",
                    MarketEvent.Kind.AGG_TRADE, "aggTrade",
                    MarketEvent.Kind.KLINE, "kline");

    @Override
    public void open(Configuration parameters) {
        accounting = new Accounting(getRuntimeContext().getMetricGroup().addGroup("accounting"));
        exchangeToReceive =
                Latencies.histogram(
                        getRuntimeContext().getMetricGroup(), Latencies.EXCHANGE_TO_RECEIVE);
        receiveToDecode =
                Latencies.histogram(
                        getRuntimeContext().getMetricGroup(), Latencies.RECEIVE_TO_DECODE);
        getRuntimeContext().addAccumulator(FRAMES, accounting.framesTotal);
        getRuntimeContext().addAccumulator(TRADES, accounting.tradesTotal);
        getRuntimeContext().addAccumulator(QUOTES_COUNT, accounting.quotesTotal);
        getRuntimeContext().addAccumulator(CONTROL, accounting.controlTotal);
        getRuntimeContext().addAccumulator(GAPS_COUNT, accounting.gapsTotal);
        getRuntimeContext().addAccumulator(BOOK_UPDATES, accounting.booksTotal);
        getRuntimeContext().addAccumulator(AGG_TRADES_COUNT, accounting.aggTradesTotal);
        getRuntimeContext().addAccumulator(KLINES_COUNT, accounting.klinesTotal);
        getRuntimeContext().addAccumulator(QUARANTINED, accounting.quarantinedTotal);
        for (ReasonCode reason : ReasonCode.values()) {
            getRuntimeContext()
                    .addAccumulator(
                            QUARANTINED + "." + reason.name(),
                            accounting.byReasonTotal.get(reason));
        }
    }

    @Override
    public void processElement(MarketEvent event, Context ctx, Collector<RoutedTrade> out) {
        if (event.firstOfFrame) {
            accounting.frames.inc();
            accounting.framesTotal.add(1);
        }
        if (!off.isEmpty() && off.contains(event.kind)) {
            String stream = STREAM_OF.get(event.kind);
            quarantine(
                    Quarantined.of(
                            event.frame,
                            ReasonCode.STREAM_OFF,
                            "a "
                                    + stream
                                    + " frame, and source / market-streams leaves out "
                                    + stream),
                    ctx);
            return;
        }
        switch (event.kind) {
            case TRADE:
                accounting.trades.inc();
                accounting.tradesTotal.add(1);
                exchangeToReceive.update(
                        event.trade.receivedMicros / 1_000 - event.trade.eventTime);
                receiveToDecode.update(
                        Latencies.sinceReceive(
                                event.trade.receivedMicros,
                                ctx.timerService().currentProcessingTime()));
                boolean mayBeLate =
                        LateTradeFilter.isLate(
                                event.trade,
                                ctx.timerService().currentWatermark(),
                                allowedLatenessMillis);
                out.collect(
                        new RoutedTrade(event.trade, mayBeLate ? lateFrame(event.frame) : null));
                break;
            case QUOTE:
                accounting.quotes.inc();
                accounting.quotesTotal.add(1);
                ctx.output(QUOTES, event.quote);
                break;
            case BOOK:
                accounting.books.inc();
                accounting.booksTotal.add(1);
                ctx.output(BOOKS, event.book);
                break;
            case AGG_TRADE:
                accounting.aggTrades.inc();
                accounting.aggTradesTotal.add(1);
                ctx.output(AGG_TRADES, event.aggTrade);
                // and into the bars as the trades it stands for, deduped against them by id
                Trade aggregate = event.aggTrade.asTrade();
                out.collect(
                        new RoutedTrade(
                                aggregate,
                                LateTradeFilter.isLate(
                                                aggregate,
                                                ctx.timerService().currentWatermark(),
                                                allowedLatenessMillis)
                                        ? lateFrame(event.frame)
                                        : null));
                break;
            case KLINE:
                accounting.klines.inc();
                accounting.klinesTotal.add(1);
                ctx.output(KLINES, event.kline);
                break;
            case GAP:
                accounting.gaps.inc();
                accounting.gapsTotal.add(1);
                ctx.output(GAPS, event.gap);
                break;
            case CONTROL:
                accounting.control.inc();
                accounting.controlTotal.add(1);
                break;
            case QUARANTINED:
                quarantine(event.quarantined, ctx);
        }
    }

    private void quarantine(Quarantined q, Context ctx) {
        accounting.byReason.get(q.reason).inc();
        accounting.byReasonTotal.get(q.reason).add(1);
        accounting.quarantinedTotal.add(1);
        ctx.output(QUARANTINE, q);
    }

    /**
     * The frame for a trade that may be LATE: its first such trade carries the bytes; the rest of
     * that frame's carry its header only, or a frame of 20,000 late trades would cross the network
     * and be hashed 20,000 times.
     */
    private RawFrame lateFrame(RawFrame frame) {
        if (frame != carried) {
            carried = frame;
            carriedStub = null;
            return frame;
        }
        if (carriedStub == null) {
            carriedStub = frame.withoutPayload();
        }
        return carriedStub;
    }

    /** Counters per outcome. */
    private static final class Accounting {
        final LongCounter framesTotal = new LongCounter();
        final LongCounter tradesTotal = new LongCounter();
        final LongCounter quotesTotal = new LongCounter();
        final LongCounter controlTotal = new LongCounter();
        final LongCounter gapsTotal = new LongCounter();
        final LongCounter booksTotal = new LongCounter();
        final LongCounter aggTradesTotal = new LongCounter();
        final LongCounter klinesTotal = new LongCounter();
        final LongCounter quarantinedTotal = new LongCounter();
        final Map<ReasonCode, LongCounter> byReasonTotal = new EnumMap<>(ReasonCode.class);
        final Counter frames;
        final Counter trades;
        final Counter quotes;
        final Counter control;
        final Counter gaps;
        final Counter books;
        final Counter aggTrades;
        final Counter klines;
        final Map<ReasonCode, Counter> byReason = new EnumMap<>(ReasonCode.class);

        Accounting(MetricGroup group) {
            frames = group.counter(FRAMES);
            trades = group.counter(TRADES);
            quotes = group.counter(QUOTES_COUNT);
            control = group.counter(CONTROL);
            gaps = group.counter(GAPS_COUNT);
            books = group.counter(BOOK_UPDATES);
            aggTrades = group.counter(AGG_TRADES_COUNT);
            klines = group.counter(KLINES_COUNT);
            MetricGroup reasons = group.addGroup(QUARANTINED);
            for (ReasonCode reason : ReasonCode.values()) {
                byReason.put(reason, reasons.counter(reason.name()));
                byReasonTotal.put(reason, new LongCounter());
            }
        }
    }
}

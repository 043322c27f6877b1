package io.marketpipe.job;

import io.marketpipe.job.bars.BarAggregate;
import io.marketpipe.job.bars.BarInterval;
import io.marketpipe.job.bars.BarWindowFunction;
import io.marketpipe.job.book.BarBookFunction;
import io.marketpipe.job.book.BookClock;
import io.marketpipe.job.book.BookFunction;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.decode.LateTradeFilter;
import io.marketpipe.job.dedupe.DedupeFunction;
import io.marketpipe.job.metrics.LakeCommitLatency;
import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.BookWindow;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.Reconciliation;
import io.marketpipe.job.model.RoutedTrade;
import io.marketpipe.job.model.Signal;
import io.marketpipe.job.model.Trade;
import io.marketpipe.job.reconcile.ReconcileFunction;
import io.marketpipe.job.signals.BarsToStrategies;
import io.marketpipe.job.signals.StrategyBar;
import io.marketpipe.job.signals.StrategyFunction;
import io.marketpipe.job.signals.StrategySpec;
import io.marketpipe.job.sinks.PipelineSinks;
import io.marketpipe.job.sinks.SinkGuard;
import io.marketpipe.job.sinks.firehose.JsonLines;
import io.marketpipe.job.source.EndOfInputWatermarkOperator;
import io.marketpipe.job.source.TradeTimeWatermarks;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.time.Time;

/**
 * The topology, with its source stream and sinks injected so tests run exactly what production
 * runs. Every operator has a stable uid for savepoint compatibility.
 */
public final class Pipeline {
    private Pipeline() {}

    /**
     * Wires routing, dedupe, late filtering, bars and every present sink onto {@code events}, which
     * carry {@link TradeTimeWatermarks#strategy} from their source.
     */
    public static void build(
            DataStream<MarketEvent> events, JobConfig config, PipelineSinks sinks) {
        // records are never changed after they are emitted, and source and decode share frames
        events.getExecutionEnvironment().getConfig().enableObjectReuse();
        long allowedLateness = config.millis(JobConfig.BARS, "allowed-lateness.ms");
        // streams left out get no operators: a job of trades alone runs none of the books'
        Set<String> streams = config.marketStreams();
        SingleOutputStreamOperator<RoutedTrade> decoded =
                events.transform(
                                "decode",
                                TypeInformation.of(RoutedTrade.class),
                                new EndOfInputWatermarkOperator<>(
                                        new DecodedEventRouter(
                                                allowedLateness,
                                                DecodedEventRouter.offFor(streams))))
                        .uid("decode");
        SingleOutputStreamOperator<Trade> onTime =
                decoded.keyBy(RoutedTrade::instrument)
                        .process(
                                new DedupeFunction(
                                        config.millis(JobConfig.BARS, "dedupe.content-ttl.ms")))
                        .name("dedupe")
                        .uid("dedupe")
                        .process(new LateTradeFilter(allowedLateness))
                        .name("late-filter")
                        .uid("late-filter");
        SingleOutputStreamOperator<Trade> writableTrades =
                onTime.process(SinkGuard.trades()).name("guard-trades").uid("guard-trades");
        SingleOutputStreamOperator<Quote> quotes =
                decoded.getSideOutput(DecodedEventRouter.QUOTES)
                        .process(SinkGuard.quotes())
                        .name("guard-quotes")
                        .uid("guard-quotes");
        SingleOutputStreamOperator<Gap> gaps =
                decoded.getSideOutput(DecodedEventRouter.GAPS)
                        .process(SinkGuard.gaps())
                        .name("guard-gaps")
                        .uid("guard-gaps");
        DataStream<Quarantined> quarantine =
                decoded.getSideOutput(DecodedEventRouter.QUARANTINE)
                        .union(
                                onTime.getSideOutput(DecodedEventRouter.QUARANTINE),
                                writableTrades.getSideOutput(DecodedEventRouter.QUARANTINE),
                                quotes.getSideOutput(DecodedEventRouter.QUARANTINE),
                                gaps.getSideOutput(DecodedEventRouter.QUARANTINE));

        // still partitioned by instrument after dedupe: no second shuffle for bars and prices
        KeyedStream<Trade, String> byInstrument =
                DataStreamUtils.reinterpretAsKeyedStream(
                        writableTrades, Trade::instrument, Types.STRING);
        // each trade once: a single trade an aggregate already put into the bars stays out
        KeyedStream<Trade, String> forBars =
                DataStreamUtils.reinterpretAsKeyedStream(
                        writableTrades
                                .filter(t -> !t.coveredByAggregate)
                                .name("trades-for-bars")
                                .uid("trades-for-bars"),
                        Trade::instrument,
                        Types.STRING);

        Sink<Trade> tradesLake = sinks.tradesLake().orElse(null);
        if (tradesLake != null) {
            sink(
                    writableTrades
                            // aggregates are in agg_trades as they came; the trades table is of
                            // single trades
                            .filter(t -> !t.isAggregate())
                            .name("single-trades")
                            .uid("single-trades")
                            .map(new LakeCommitLatency())
                            .name("lake-commit-latency")
                            .uid("lake-commit-latency"),
                    tradesLake,
                    "lake-trades");
        }
        Sink<Trade> latest = sinks.latestPrice().orElse(null);
        if (latest != null) {
            byInstrument
                    .sinkTo(latest)
                    .name("dynamodb-latest-price")
                    .uid("sink-dynamodb-latest-price");
        }

        SingleOutputStreamOperator<BookTop> books =
                streams.contains("depth") ? books(decoded, quotes, config, sinks) : null;
        if (streams.contains("aggTrade")) {
            sink(
                    decoded.getSideOutput(DecodedEventRouter.AGG_TRADES),
                    sinks.aggTradesLake().orElse(null),
                    "lake-agg-trades");
        }
        if (streams.contains("kline")) {
            klines(decoded, sinks);
        }
        List<StrategySpec> strategies = config.strategies();
        long strategyTtl = config.millis(JobConfig.STRATEGIES, "idle-state.ttl.ms");
        for (BarInterval interval : config.barIntervals()) {
            DataStream<Bar> closed =
                    forBars.window(
                                    TumblingEventTimeWindows.of(
                                            Time.milliseconds(interval.millis())))
                            .aggregate(new BarAggregate(), new BarWindowFunction(interval.name()))
                            .name(interval.table())
                            .uid(interval.table());
            DataStream<Bar> bars = books == null ? closed : withBook(closed, books, interval);
            sink(bars, sinks.barsLake(interval).orElse(null), "lake-" + interval.table());
            sink(bars, sinks.barsTable().orElse(null), "dynamodb-" + interval.table());
            if (streams.contains("kline")) {
                reconcile(bars, decoded, interval, sinks);
            }
            List<StrategySpec> onInterval =
                    strategies.stream()
                            .filter(s -> s.interval.equals(interval.name()))
                            .collect(Collectors.toList());
            if (!onInterval.isEmpty()) {
                strategies(bars, interval, onInterval, strategyTtl, sinks);
            }
        }

        sink(quotes, sinks.quotesLake().orElse(null), "lake-quotes");
        sink(quarantine, sinks.quarantineLake().orElse(null), "lake-quarantine");
        sink(gaps, sinks.gapsLake().orElse(null), "lake-gaps");
        sink(quarantine, sinks.quarantineStream().orElse(null), "kinesis-quarantine");
        sink(
                quarantine,
                sinks.firehose("quarantine", JsonLines.quarantine()).orElse(null),
                "firehose-quarantine");
    }

    /**
     * Closed bars to the strategies that run on them, keyed by strategy, venue and symbol; their
     * signals, fills, round trips, equity and positions to the sinks.
     */
    private static void strategies(
            DataStream<Bar> bars,
            BarInterval interval,
            List<StrategySpec> specs,
            long idleTtlMillis,
            PipelineSinks sinks) {
        String name = "strategies-" + interval.name();
        SingleOutputStreamOperator<Signal> signals =
                bars.flatMap(new BarsToStrategies(specs))
                        .name(name + "-route")
                        .uid(name + "-route")
                        .keyBy(StrategyBar::key)
                        .process(new StrategyFunction(specs, idleTtlMillis))
                        .name(name)
                        .uid(name);
        DataStream<EquityPoint> equity = signals.getSideOutput(StrategyFunction.EQUITY);
        sink(signals, sinks.signalsLake().orElse(null), "lake-signals-" + interval.name());
        sink(signals, sinks.signalsTable().orElse(null), "dynamodb-signals-" + interval.name());
        sink(
                signals.getSideOutput(StrategyFunction.FILLS),
                sinks.fillsLake().orElse(null),
                "lake-fills-" + interval.name());
        sink(
                signals.getSideOutput(StrategyFunction.ROUND_TRIPS),
                sinks.roundTripsLake().orElse(null),
                "lake-round-trips-" + interval.name());
        sink(equity, sinks.equityLake().orElse(null), "lake-equity-" + interval.name());
        Sink<EquityPoint> positions = sinks.positionsTable().orElse(null);
        if (positions != null) {
            sink(
                    equity.filter(EquityPoint::updatesPosition)
                            .name("position-updates-" + interval.name())
                            .uid("position-updates-" + interval.name()),
                    positions,
                    "dynamodb-positions-" + interval.name());
        }
        String suffix = "-" + interval.name();
        sink(
                signals,
                sinks.firehose("signals", JsonLines.signals()).orElse(null),
                "firehose-signals" + suffix);
        sink(
                signals.getSideOutput(StrategyFunction.FILLS),
                sinks.firehose("fills", JsonLines.fills()).orElse(null),
                "firehose-fills" + suffix);
        sink(
                signals.getSideOutput(StrategyFunction.ROUND_TRIPS),
                sinks.firehose("round_trips", JsonLines.roundTrips()).orElse(null),
                "firehose-round-trips" + suffix);
        sink(
                equity,
                sinks.firehose("equity", JsonLines.equity()).orElse(null),
                "firehose-equity" + suffix);
    }

    /**
     * Closed bars with their book fields: each waits for the watermark to pass its window, by which
     * time the instrument's book window for it has come, if it has a book.
     */
    private static DataStream<Bar> withBook(
            DataStream<Bar> bars, SingleOutputStreamOperator<BookTop> books, BarInterval interval) {
        String name = interval.table() + "-book";
        return bars.keyBy(BarBookFunction::key)
                .connect(
                        books.getSideOutput(BookFunction.WINDOWS)
                                .filter(w -> w.interval.equals(interval.name()))
                                .name(name + "-windows")
                                .uid(name + "-windows")
                                .keyBy(BookWindow::instrument))
                .process(new BarBookFunction())
                .name(name)
                .uid(name);
    }

    /**
     * Order books from the depth frames, keyed by instrument and checked against the best bid/ask
     * quotes; their tops, snapshots and out-of-sync episodes to the lake. The books' windows go to
     * the bars.
     */
    private static SingleOutputStreamOperator<BookTop> books(
            SingleOutputStreamOperator<RoutedTrade> decoded,
            DataStream<Quote> quotes,
            JobConfig config,
            PipelineSinks sinks) {
        List<BarInterval> intervals = config.barIntervals();
        int imbalanceLevels = config.count(JobConfig.BOOK, "imbalance.levels", 1, 5_000);
        long sampleMillis = config.millis(JobConfig.BOOK, "top.sample.ms");
        BookClock clock =
                new BookClock(
                        intervals.stream().map(BarInterval::name).toArray(String[]::new),
                        intervals.stream().mapToLong(BarInterval::millis).toArray(),
                        config.millis(JobConfig.BOOK, "snapshot.interval.ms"),
                        config.count(JobConfig.BOOK, "snapshot.levels", 0, 5_000),
                        sampleMillis,
                        imbalanceLevels);
        SingleOutputStreamOperator<BookTop> tops =
                decoded.getSideOutput(DecodedEventRouter.BOOKS)
                        .keyBy(BookUpdate::instrument)
                        .connect(quotes.keyBy(Quote::instrument))
                        .process(
                                new BookFunction(
                                        config.count(JobConfig.BOOK, "max-levels", 1, 100_000),
                                        config.count(
                                                JobConfig.BOOK, "buffer.max-diffs", 1, 100_000),
                                        imbalanceLevels,
                                        clock))
                        .name("books")
                        .uid("books");
        sink(
                sampleMillis > 0 ? tops.getSideOutput(BookFunction.SAMPLED_TOPS) : tops,
                sinks.bookTopLake().orElse(null),
                "lake-book-top");
        sink(
                tops.getSideOutput(BookFunction.SNAPSHOTS),
                sinks.bookSnapshotsLake().orElse(null),
                "lake-book-snapshots");
        Sink<BookTop> topOfBook = sinks.topOfBook().orElse(null);
        if (topOfBook != null) {
            // still partitioned by instrument: the coalescing writer keys by it
            DataStreamUtils.reinterpretAsKeyedStream(
                            tops.filter(BookTop::twoSided).name("in-sync-tops").uid("in-sync-tops"),
                            BookTop::instrument,
                            Types.STRING)
                    .sinkTo(topOfBook)
                    .name("dynamodb-top-of-book")
                    .uid("sink-dynamodb-top-of-book");
        }
        sink(
                tops.getSideOutput(BookFunction.GAPS),
                sinks.bookGapsLake().orElse(null),
                "lake-book-gaps");
        return tops;
    }

    /** The venue's closed klines to the lake's exchange_klines. */
    private static void klines(
            SingleOutputStreamOperator<RoutedTrade> decoded, PipelineSinks sinks) {
        Sink<Kline> klines = sinks.klinesLake().orElse(null);
        if (klines != null) {
            sink(
                    decoded.getSideOutput(DecodedEventRouter.KLINES)
                            .filter(k -> k.closed)
                            .name("closed-klines")
                            .uid("closed-klines"),
                    klines,
                    "lake-exchange-klines");
        }
    }

    /**
     * The venue's closed klines of {@code interval} checked against our bars of it; each difference
     * to the lake's {@code reconciliation} table.
     */
    private static void reconcile(
            DataStream<Bar> bars,
            SingleOutputStreamOperator<RoutedTrade> decoded,
            BarInterval interval,
            PipelineSinks sinks) {
        String name = "reconcile-" + interval.name();
        SingleOutputStreamOperator<Reconciliation> rows =
                bars.keyBy(ReconcileFunction::key)
                        .connect(
                                decoded.getSideOutput(DecodedEventRouter.KLINES)
                                        .filter(ReconcileFunction.interval(interval.name()))
                                        .name(name + "-klines")
                                        .uid(name + "-klines")
                                        .keyBy(ReconcileFunction::key))
                        .process(new ReconcileFunction())
                        .name(name)
                        .uid(name);
        sink(rows, sinks.reconciliationLake().orElse(null), "lake-" + name);
    }

    private static <T> void sink(DataStream<T> stream, Sink<T> sink, String name) {
        if (sink != null) {
            stream.sinkTo(sink).name(name).uid("sink-" + name);
        }
    }
}

package io.marketpipe.job.sinks.lake;

import io.marketpipe.job.bars.BarInterval;
import io.marketpipe.job.model.AggTrade;
import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookSnapshot;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Fill;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.Reconciliation;
import io.marketpipe.job.model.RoundTrip;
import io.marketpipe.job.model.Signal;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.lake.AggTradeRecord;
import io.marketpipe.schemas.lake.BarRecord;
import io.marketpipe.schemas.lake.BookGapRecord;
import io.marketpipe.schemas.lake.BookSnapshotRecord;
import io.marketpipe.schemas.lake.BookTopRecord;
import io.marketpipe.schemas.lake.EquityRecord;
import io.marketpipe.schemas.lake.ExchangeKlineRecord;
import io.marketpipe.schemas.lake.FillRecord;
import io.marketpipe.schemas.lake.GapRecord;
import io.marketpipe.schemas.lake.QuarantineRecord;
import io.marketpipe.schemas.lake.ReconciliationRecord;
import io.marketpipe.schemas.lake.RoundTripRecord;
import io.marketpipe.schemas.lake.SignalRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The Parquet lake under one base path ({@code s3://bucket/prefix} on AWS, any Flink filesystem
 * path locally): tables {@code trades}, {@code bars_<interval>}, {@code quotes}, {@code
 * quarantine}, the books' {@code book_top}, {@code book_snapshots} and {@code book_gaps}, {@code
 * agg_trades} and {@code exchange_klines}, and the strategies' {@code signals}, {@code fills},
 * {@code round_trips} and {@code equity}, each partitioned by event date. Files are committed on
 * checkpoints. Open part files are bounded: a part opens its Parquet writer only past its first
 * rows, a JVM holds few writers open ({@link BufferingBulkWriterFactory}), and a part idle for
 * {@value #IDLE_PART_MILLIS} ms closes ({@link IdleOrCheckpointRollingPolicy}).
 */
public final class LakeSinks {
    public static final String TRADES = "trades";
    public static final String QUARANTINE = "quarantine";
    public static final String QUOTES = "quotes";
    public static final String SIGNALS = "signals";
    public static final String FILLS = "fills";
    public static final String ROUND_TRIPS = "round_trips";
    public static final String EQUITY = "equity";
    public static final String GAPS = "gaps";
    public static final String BOOK_TOP = "book_top";
    public static final String BOOK_GAPS = "book_gaps";
    public static final String BOOK_SNAPSHOTS = "book_snapshots";
    public static final String AGG_TRADES = "agg_trades";
    public static final String EXCHANGE_KLINES = "exchange_klines";
    public static final String RECONCILIATION = "reconciliation";

    /** A part without a row for this long is closed, its file committed at the next checkpoint. */
    static final long IDLE_PART_MILLIS = 30_000;

    private static final long BUCKET_CHECK_MILLIS = 5_000;

    private final String basePath;

    public LakeSinks(String basePath) {
        this.basePath =
                basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    public FileSink<Trade> trades() {
        return sink(
                TRADES, new ParquetWriterFactory<>(TradeWriteSupport.BUILDER), t -> t.tradeTime);
    }

    public FileSink<Quote> quotes() {
        return sink(
                QUOTES, new ParquetWriterFactory<>(QuoteWriteSupport.BUILDER), q -> q.eventTime);
    }

    public FileSink<Bar> bars(BarInterval interval) {
        return sink(interval.table(), BarRecord.class, LakeRecords::bar, b -> b.windowStart);
    }

    public FileSink<Signal> signals() {
        return sink(SIGNALS, SignalRecord.class, LakeRecords::signal, s -> s.barTime);
    }

    public FileSink<Fill> fills() {
        return sink(FILLS, FillRecord.class, LakeRecords::fill, f -> f.fillTime);
    }

    public FileSink<RoundTrip> roundTrips() {
        return sink(ROUND_TRIPS, RoundTripRecord.class, LakeRecords::roundTrip, t -> t.exitTime);
    }

    public FileSink<EquityPoint> equity() {
        return sink(EQUITY, EquityRecord.class, LakeRecords::equity, p -> p.barTime);
    }

    public FileSink<Quarantined> quarantine() {
        return sink(
                QUARANTINE,
                QuarantineRecord.class,
                LakeRecords::quarantine,
                q -> q.ingestMicros / 1_000);
    }

    public FileSink<Gap> gaps() {
        return sink(GAPS, GapRecord.class, LakeRecords::gap, g -> g.detectedMicros / 1_000);
    }

    public FileSink<BookTop> bookTop() {
        return sink(BOOK_TOP, BookTopRecord.class, LakeRecords::bookTop, t -> t.eventTime);
    }

    public FileSink<BookSnapshot> bookSnapshots() {
        return sink(
                BOOK_SNAPSHOTS,
                MappingBulkWriterFactory.rows(
                        new ParquetWriterFactory<>(
                                new SpecificParquetBuilder<>(BookSnapshotRecord.class)),
                        LakeRecords::bookSnapshot),
                s -> s.snapshotTime);
    }

    public FileSink<BookGap> bookGaps() {
        return sink(BOOK_GAPS, BookGapRecord.class, LakeRecords::bookGap, g -> g.outOfSyncTime);
    }

    public FileSink<AggTrade> aggTrades() {
        return sink(AGG_TRADES, AggTradeRecord.class, LakeRecords::aggTrade, a -> a.tradeTime);
    }

    /** Closed klines only: the caller filters. */
    public FileSink<Kline> exchangeKlines() {
        return sink(
                EXCHANGE_KLINES, ExchangeKlineRecord.class, LakeRecords::kline, k -> k.openTime);
    }

    public FileSink<Reconciliation> reconciliation() {
        return sink(
                RECONCILIATION,
                ReconciliationRecord.class,
                LakeRecords::reconciliation,
                r -> r.windowStart);
    }

    private <T, R extends SpecificRecordBase> FileSink<T> sink(
            String table,
            Class<R> recordType,
            SerializableFunction<T, R> toRecord,
            SerializableFunction<T, Long> eventTimeMillis) {
        return sink(
                table,
                new MappingBulkWriterFactory<>(
                        new ParquetWriterFactory<>(new SpecificParquetBuilder<>(recordType)),
                        toRecord),
                eventTimeMillis);
    }

    private <T> FileSink<T> sink(
            String table,
            BulkWriter.Factory<T> writer,
            SerializableFunction<T, Long> eventTimeMillis) {
        return FileSink.forBulkFormat(
                        new Path(basePath + "/" + table), new BufferingBulkWriterFactory<>(writer))
                .withBucketAssigner(new EventDateBucketAssigner<>(eventTimeMillis))
                .withRollingPolicy(new IdleOrCheckpointRollingPolicy<>(IDLE_PART_MILLIS))
                .withBucketCheckInterval(BUCKET_CHECK_MILLIS)
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix("part")
                                .withPartSuffix(".parquet")
                                .build())
                .build();
    }
}

package io.marketpipe.job.sinks.lake;

import io.marketpipe.job.book.BookClock;
import io.marketpipe.job.book.BookState;
import io.marketpipe.job.book.BookSync;
import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookSnapshot;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.schemas.lake.AggTradeRecord;
import io.marketpipe.schemas.lake.BookGapRecord;
import io.marketpipe.schemas.lake.BookSnapshotRecord;
import io.marketpipe.schemas.lake.BookTopRecord;
import io.marketpipe.schemas.lake.ExchangeKlineRecord;
import io.marketpipe.schemas.lake.GapRecord;
import io.marketpipe.schemas.lake.QuarantineRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetWriterFactory;

/**
 * Writes decoded events as the lake writes them, each table's rows through its own Parquet writer,
 * into memory: what a fuzz target needs to find a record the lake's sink would fail on.
 */
public final class LakeEncoding {
    private LakeEncoding() {}

    /**
     * Writes every trade, quote, gap and quarantine record of {@code events}, every aggTrade and
     * kline, and the book rows their book updates make (each applied in order to its symbol's book,
     * and alone to a fresh one, where a snapshot starts it); throws on failure.
     */
    public static void write(List<MarketEvent> events) throws IOException {
        List<io.marketpipe.job.model.Trade> trades = new ArrayList<>();
        List<io.marketpipe.job.model.Quote> quotes = new ArrayList<>();
        List<GapRecord> gaps = new ArrayList<>();
        List<QuarantineRecord> quarantine = new ArrayList<>();
        List<BookTopRecord> tops = new ArrayList<>();
        List<BookGapRecord> bookGaps = new ArrayList<>();
        List<AggTradeRecord> aggTrades = new ArrayList<>();
        List<ExchangeKlineRecord> klines = new ArrayList<>();
        // book updates as the book makes rows of them: each alone on a fresh book, and in order
        // with the clock a live job has: snapshots every 10 s and sampled tops every second
        BookSync sync =
                new BookSync(
                        5_000,
                        1_000,
                        5,
                        new BookClock(
                                new String[] {"1m"}, new long[] {60_000}, 10_000, 20, 1_000, 5));
        List<BookSnapshotRecord> snapshots = new ArrayList<>();
        java.util.Map<String, BookState> books = new java.util.HashMap<>();
        BookSync.Events rows =
                new BookSync.Events() {
                    @Override
                    public void top(BookTop top) {
                        tops.add(LakeRecords.bookTop(top));
                    }

                    @Override
                    public void gap(BookGap gap) {
                        bookGaps.add(LakeRecords.bookGap(gap));
                    }

                    @Override
                    public void count(BookSync.Outcome outcome, long n) {}

                    @Override
                    public void snapshot(BookSnapshot snapshot) {
                        snapshots.addAll(LakeRecords.bookSnapshot(snapshot));
                    }

                    @Override
                    public void sampledTop(BookTop top) {
                        tops.add(LakeRecords.bookTop(top));
                    }
                };
        for (MarketEvent e : events) {
            switch (e.kind) {
                case BOOK:
                    BookState book =
                            books.computeIfAbsent(e.book.instrument(), k -> sync.newBook(e.book));
                    sync.apply(book, e.book, rows);
                    sync.apply(sync.newBook(e.book), e.book, rows);
                    break;
                case AGG_TRADE:
                    aggTrades.add(LakeRecords.aggTrade(e.aggTrade));
                    break;
                case KLINE:
                    klines.add(LakeRecords.kline(e.kline));
                    break;
                case TRADE:
                    trades.add(e.trade);
                    break;
                case QUOTE:
                    quotes.add(e.quote);
                    break;
                case GAP:
                    gaps.add(LakeRecords.gap(e.gap));
                    break;
                case QUARANTINED:
                    quarantine.add(LakeRecords.quarantine(e.quarantined));
                    break;
                default:
                    break;
            }
        }
        write(new ParquetWriterFactory<>(TradeWriteSupport.BUILDER), trades);
        write(new ParquetWriterFactory<>(QuoteWriteSupport.BUILDER), quotes);
        write(new ParquetWriterFactory<>(new SpecificParquetBuilder<>(GapRecord.class)), gaps);
        write(
                new ParquetWriterFactory<>(new SpecificParquetBuilder<>(QuarantineRecord.class)),
                quarantine);
        books.values().forEach(b -> sync.finish(b, rows));
        write(new ParquetWriterFactory<>(new SpecificParquetBuilder<>(BookTopRecord.class)), tops);
        write(
                new ParquetWriterFactory<>(new SpecificParquetBuilder<>(BookGapRecord.class)),
                bookGaps);
        write(
                new ParquetWriterFactory<>(new SpecificParquetBuilder<>(BookSnapshotRecord.class)),
                snapshots);
        write(
                new ParquetWriterFactory<>(new SpecificParquetBuilder<>(AggTradeRecord.class)),
                aggTrades);
        write(
                new ParquetWriterFactory<>(new SpecificParquetBuilder<>(ExchangeKlineRecord.class)),
                klines);
    }

    private static <T> void write(BulkWriter.Factory<T> factory, List<T> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        BulkWriter<T> writer = factory.create(new Memory());
        for (T row : rows) {
            writer.addElement(row);
        }
        writer.finish();
    }

    /** A part file in memory. */
    private static final class Memory extends FSDataOutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public long getPos() {
            return bytes.size();
        }

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {}

        @Override
        public void sync() {}

        @Override
        public void close() {}
    }
}

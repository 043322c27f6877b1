package io.marketpipe.job.sinks.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.lake.TradeRecord;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnWriteSupportTest {
    @TempDir Path dir;

    @Test
    void unscaledBytesAreBigIntegersTwosComplement() {
        List<Long> values =
                new ArrayList<>(
                        List.of(
                                0L,
                                1L,
                                -1L,
                                127L,
                                128L,
                                -128L,
                                -129L,
                                255L,
                                256L,
                                32_767L,
                                32_768L,
                                -32_769L,
                                Long.MAX_VALUE,
                                Long.MIN_VALUE));
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextLong() >> random.nextInt(64));
        }
        for (long v : values) {
            assertThat(ColumnWriteSupport.unscaledBytes(v))
                    .as("%d", v)
                    .isEqualTo(BigInteger.valueOf(v).toByteArray());
        }
    }

    /** The same rows and the same schema as the Avro writer of the schemas/ record. */
    @Test
    void writesWhatTheAvroWriterWrites() throws Exception {
        List<Trade> trades = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 1_000; i++) {
            Trade t =
                    new Trade(
                            i % 2 == 0 ? Venue.BINANCE : Venue.FINNHUB,
                            (i % 11 == 0 ? "ÉTH" : "SYM") + (i % 7),
                            i % 2 == 0 ? 1_000_000_000L + i : Trade.NO_ID,
                            1 + (random.nextLong() >>> 2),
                            1 + random.nextInt(Integer.MAX_VALUE),
                            1_700_000_000_000L + i,
                            1_700_000_000_001L + i,
                            i % 3 == 0,
                            1_700_000_000_000_123L + i,
                            i % 5 == 0 ? Origin.BACKFILL : Origin.LIVE);
            trades.add(t);
        }
        Path direct = dir.resolve("direct.parquet");
        write(new ParquetWriterFactory<>(TradeWriteSupport.BUILDER), trades, direct);
        Path avro = dir.resolve("avro.parquet");
        List<TradeRecord> records = new ArrayList<>();
        for (Trade t : trades) {
            records.add(avroRecord(t));
        }
        write(
                new ParquetWriterFactory<>(new SpecificParquetBuilder<>(TradeRecord.class)),
                records,
                avro);

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement()) {
            String schema =
                    "SELECT name, type, converted_type, logical_type, repetition_type, scale,"
                            + " precision FROM parquet_schema('%s') ORDER BY name";
            assertThat(rows(sql, String.format(schema, direct), 7))
                    .isEqualTo(rows(sql, String.format(schema, avro), 7));
            assertThat(
                            rows(
                                    sql,
                                    "SELECT count(*) FROM (SELECT * FROM '"
                                            + direct
                                            + "' EXCEPT ALL SELECT * FROM '"
                                            + avro
                                            + "')",
                                    1))
                    .containsExactly("0");
            assertThat(rows(sql, "SELECT count(*), count(trade_id) FROM '" + direct + "'", 2))
                    .containsExactly("1000|500");
            // the statistics readers prune files with: the strings' are from cached binaries
            String stats =
                    "SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count"
                            + " FROM parquet_metadata('%s') ORDER BY row_group_id, path_in_schema";
            assertThat(rows(sql, String.format(stats, direct), 4))
                    .isEqualTo(rows(sql, String.format(stats, avro), 4))
                    .contains("symbol|SYM0|ÉTH6|0");
        }
    }

    @Test
    void writesBookQuotesAndPriceTicksWithNullsWhereAbsent() throws Exception {
        Quote book = new Quote();
        book.venue = Venue.BINANCE;
        book.symbol = "BTCUSDT";
        book.updateId = 400_900_217L;
        book.bidPrice = Decimals.parse("25.35190000");
        book.bidQuantity = Decimals.parse("31.21");
        book.askPrice = Decimals.parse("25.36520000");
        book.askQuantity = 0;
        book.eventTime = 1_700_000_000_000L;
        book.receivedMicros = 1_700_000_000_000_500L;
        Quote tick = new Quote();
        tick.venue = Venue.FINNHUB;
        tick.symbol = "EURUSD";
        tick.lastPrice = Decimals.parse("1.08531");
        tick.eventTime = 1_700_000_000_001L;
        tick.receivedMicros = 1_700_000_000_001_000L;
        Path file = dir.resolve("quotes.parquet");
        write(new ParquetWriterFactory<>(QuoteWriteSupport.BUILDER), List.of(book, tick), file);

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement()) {
            assertThat(
                            rows(
                                    sql,
                                    "SELECT venue, symbol, update_id, bid_price, bid_quantity,"
                                            + " ask_price, ask_quantity, last_price,"
                                            + " epoch_ms(event_time), epoch_us(receive_time) FROM '"
                                            + file
                                            + "' ORDER BY venue",
                                    10))
                    .containsExactly(
                            "BINANCE|BTCUSDT|400900217|25.35190000|31.21000000|25.36520000"
                                    + "|0E-8|null|1700000000000|1700000000000500",
                            "FINNHUB|EURUSD|null|null|null|null|null|1.08531000|1700000000001"
                                    + "|1700000000001000");
        }
    }

    private static TradeRecord avroRecord(Trade t) {
        return TradeRecord.newBuilder()
                .setVenue(t.venue.name())
                .setSymbol(t.symbol)
                .setTradeId(t.tradeId == Trade.NO_ID ? null : t.tradeId)
                .setPrice(Decimals.toBigDecimal(t.price))
                .setQuantity(Decimals.toBigDecimal(t.quantity))
                .setTradeTime(Instant.ofEpochMilli(t.tradeTime))
                .setEventTime(Instant.ofEpochMilli(t.eventTime))
                .setBuyerIsMaker(t.buyerIsMaker)
                .setReceiveTime(
                        Instant.ofEpochSecond(
                                Math.floorDiv(t.receivedMicros, 1_000_000L),
                                Math.floorMod(t.receivedMicros, 1_000_000L) * 1_000L))
                .setOrigin(t.origin.name())
                .build();
    }

    private static <T> void write(BulkWriter.Factory<T> factory, List<T> rows, Path file)
            throws Exception {
        try (FSDataOutputStream out =
                LocalFileSystem.getSharedInstance()
                        .create(
                                new org.apache.flink.core.fs.Path(file.toUri()),
                                FileSystem.WriteMode.OVERWRITE)) {
            BulkWriter<T> writer = factory.create(out);
            for (T row : rows) {
                writer.addElement(row);
            }
            writer.finish();
        }
    }

    private static List<String> rows(Statement sql, String query, int columns) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    row.append(c > 1 ? "|" : "").append(rs.getString(c));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}

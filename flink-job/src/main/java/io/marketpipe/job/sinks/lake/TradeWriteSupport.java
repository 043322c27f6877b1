package io.marketpipe.job.sinks.lake;

import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.lake.TradeRecord;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes trades straight into Parquet columns, without building an Avro record and two BigDecimals
 * per trade (the hottest table). The file schema is the one parquet-avro derives from the {@code
 * trades} Avro schema in {@code schemas/}, which the footer carries as {@code parquet.avro.schema}
 * too, so the files are the same as an Avro writer's to any reader.
 */
final class TradeWriteSupport extends WriteSupport<Trade> {
    static final Schema AVRO = TradeRecord.getClassSchema();
    static final MessageType SCHEMA = new AvroSchemaConverter().convert(AVRO);

    private static final int VENUE = SCHEMA.getFieldIndex("venue");
    private static final int SYMBOL = SCHEMA.getFieldIndex("symbol");
    private static final int TRADE_ID = SCHEMA.getFieldIndex("trade_id");
    private static final int PRICE = SCHEMA.getFieldIndex("price");
    private static final int QUANTITY = SCHEMA.getFieldIndex("quantity");
    private static final int TRADE_TIME = SCHEMA.getFieldIndex("trade_time");
    private static final int EVENT_TIME = SCHEMA.getFieldIndex("event_time");
    private static final int BUYER_IS_MAKER = SCHEMA.getFieldIndex("buyer_is_maker");
    private static final int RECEIVE_TIME = SCHEMA.getFieldIndex("receive_time");
    private static final int ORIGIN = SCHEMA.getFieldIndex("origin");

    private RecordConsumer out;

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(SCHEMA, Map.of("parquet.avro.schema", AVRO.toString()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        out = recordConsumer;
    }

    @Override
    public void write(Trade t) {
        out.startMessage();
        string(VENUE, t.venue);
        string(SYMBOL, t.symbol);
        if (t.tradeId != Trade.NO_ID) {
            int64(TRADE_ID, t.tradeId);
        }
        decimal(PRICE, t.price);
        decimal(QUANTITY, t.quantity);
        int64(TRADE_TIME, t.tradeTime);
        int64(EVENT_TIME, t.eventTime);
        out.startField("buyer_is_maker", BUYER_IS_MAKER);
        out.addBoolean(t.buyerIsMaker);
        out.endField("buyer_is_maker", BUYER_IS_MAKER);
        int64(RECEIVE_TIME, t.receivedMicros);
        string(ORIGIN, t.origin);
        out.endMessage();
    }

    private void string(int index, String value) {
        if (value == null) {
            throw new IllegalArgumentException(SCHEMA.getFieldName(index) + " is required");
        }
        String name = SCHEMA.getFieldName(index);
        out.startField(name, index);
        out.addBinary(Binary.fromString(value));
        out.endField(name, index);
    }

    private void int64(int index, long value) {
        String name = SCHEMA.getFieldName(index);
        out.startField(name, index);
        out.addLong(value);
        out.endField(name, index);
    }

    private void decimal(int index, long units) {
        String name = SCHEMA.getFieldName(index);
        out.startField(name, index);
        out.addBinary(Binary.fromConstantByteArray(unscaledBytes(units)));
        out.endField(name, index);
    }

    /**
     * The unscaled value as Avro and Parquet byte decimals hold it: minimal big-endian two's
     * complement, as {@code BigInteger.toByteArray()} gives.
     */
    static byte[] unscaledBytes(long value) {
        int n = 8;
        while (n > 1) {
            long top = value >> (8 * (n - 1) - 1);
            if (top != 0 && top != -1) {
                break;
            }
            n--;
        }
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (value >> (8 * (n - 1 - i)));
        }
        return bytes;
    }

    /** Parquet writers of trades for {@code ParquetWriterFactory}. */
    static final class Builder implements ParquetBuilder<Trade> {
        private static final long serialVersionUID = 1L;

        @Override
        public ParquetWriter<Trade> createWriter(OutputFile file) throws IOException {
            WriterBuilder builder =
                    new WriterBuilder(file).withCompressionCodec(CompressionCodecName.SNAPPY);
            for (String column :
                    Set.of(
                            "trade_id",
                            "price",
                            "quantity",
                            "trade_time",
                            "event_time",
                            "receive_time")) {
                builder.withDictionaryEncoding(column, false);
            }
            return builder.build();
        }
    }

    private static final class WriterBuilder extends ParquetWriter.Builder<Trade, WriterBuilder> {
        WriterBuilder(OutputFile file) {
            super(file);
        }

        @Override
        protected WriterBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<Trade> getWriteSupport(Configuration conf) {
            return new TradeWriteSupport();
        }
    }
}

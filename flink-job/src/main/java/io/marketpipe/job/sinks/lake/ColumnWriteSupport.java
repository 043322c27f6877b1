package io.marketpipe.job.sinks.lake;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.util.function.SerializableSupplier;
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
 * Writes model objects straight into Parquet columns, without building an Avro record and a
 * BigDecimal per value (for the high-volume tables). The file schema is the one parquet-avro
 * derives from the table's Avro schema in {@code schemas/}, which the footer carries as {@code
 * parquet.avro.schema} too, so the files are the same as an Avro writer's to any reader. Decimals
 * are {@code Decimals} scaled longs (scale 8), written as the schema's byte decimals.
 */
abstract class ColumnWriteSupport<T> extends WriteSupport<T> {
    /**
     * Distinct strings kept encoded per writer (venues, symbols, origins); past this, it starts
     * over.
     */
    private static final int MAX_CACHED_STRINGS = 4_096;

    private final Schema avro;
    private final MessageType schema;
    private final String[] names;
    private final Map<String, Binary> binaries = new HashMap<>();
    private RecordConsumer out;

    ColumnWriteSupport(Schema avro) {
        this.avro = avro;
        this.schema = new AvroSchemaConverter().convert(avro);
        this.names = new String[schema.getFieldCount()];
        for (int i = 0; i < names.length; i++) {
            names[i] = schema.getFieldName(i);
        }
    }

    /** Writes every present field of {@code row}; absent optional fields are left out. */
    abstract void writeFields(T row);

    /**
     * The index of the top-level column {@code name}, for the writing methods: subclasses look
     * their columns up once, in field initializers, not once per value.
     */
    final int column(String name) {
        return schema.getFieldIndex(name);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of("parquet.avro.schema", avro.toString()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        out = recordConsumer;
    }

    @Override
    public void write(T row) {
        out.startMessage();
        writeFields(row);
        out.endMessage();
    }

    /**
     * A string column. The few distinct values of venue, symbol and origin are encoded to UTF-8
     * once and kept as array-backed binaries, which Parquet's statistics and dictionaries compare
     * without copying.
     */
    final void string(int column, String value) {
        if (value == null) {
            throw new IllegalArgumentException(names[column] + " is required");
        }
        Binary binary = binaries.get(value);
        if (binary == null) {
            if (binaries.size() >= MAX_CACHED_STRINGS) {
                binaries.clear();
            }
            binary = Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
            binaries.put(value, binary);
        }
        start(column);
        out.addBinary(binary);
        out.endField(names[column], column);
    }

    final void int64(int column, long value) {
        start(column);
        out.addLong(value);
        out.endField(names[column], column);
    }

    final void bool(int column, boolean value) {
        start(column);
        out.addBoolean(value);
        out.endField(names[column], column);
    }

    final void decimal(int column, long units) {
        start(column);
        out.addBinary(Binary.fromConstantByteArray(unscaledBytes(units)));
        out.endField(names[column], column);
    }

    private void start(int column) {
        out.startField(names[column], column);
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

    /**
     * Parquet writers for {@code ParquetWriterFactory}: Snappy, dictionaries only where values
     * repeat (not for {@code highCardinality} columns, where they only cost).
     */
    static <T> ParquetBuilder<T> builder(
            SerializableSupplier<ColumnWriteSupport<T>> support, Set<String> highCardinality) {
        return file -> {
            WriterBuilder<T> builder =
                    new WriterBuilder<>(file, support.get())
                            .withConf(WriterConf.create())
                            .withCompressionCodec(CompressionCodecName.SNAPPY);
            for (String column : highCardinality) {
                builder.withDictionaryEncoding(column, false);
            }
            return builder.build();
        };
    }

    private static final class WriterBuilder<T> extends ParquetWriter.Builder<T, WriterBuilder<T>> {
        private final WriteSupport<T> support;

        WriterBuilder(OutputFile file, WriteSupport<T> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected WriterBuilder<T> self() {
            return this;
        }

        @Override
        protected WriteSupport<T> getWriteSupport(Configuration conf) {
            return support;
        }
    }
}

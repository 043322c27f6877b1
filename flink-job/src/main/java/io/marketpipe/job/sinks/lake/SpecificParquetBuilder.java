package io.marketpipe.job.sinks.lake;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Parquet writers for generated Avro records, with the record class's own data model so its
 * logical-type conversions (decimals, timestamps) apply. Flink's {@code
 * AvroParquetWriters.forSpecificRecord} uses a model without them, which cannot write BigDecimal.
 */
final class SpecificParquetBuilder<T extends SpecificRecordBase> implements ParquetBuilder<T> {
    private static final long serialVersionUID = 1L;

    /** Of the tables written this way (bars, quarantine); trades and quotes have their own. */
    private static final java.util.Set<String> HIGH_CARDINALITY =
            java.util.Set.of("raw", "sequence", "ingest_time");

    private final Class<T> type;

    SpecificParquetBuilder(Class<T> type) {
        this.type = type;
    }

    @Override
    public ParquetWriter<T> createWriter(OutputFile out) throws IOException {
        SpecificRecordBase prototype;
        try {
            prototype = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot instantiate " + type.getName(), e);
        }
        SpecificData model = prototype.getSpecificData();
        Schema schema = prototype.getSchema();
        AvroParquetWriter.Builder<T> builder =
                AvroParquetWriter.<T>builder(out)
                        .withSchema(schema)
                        .withDataModel(model)
                        .withConf(WriterConf.create())
                        .withCompressionCodec(CompressionCodecName.SNAPPY);
        // dictionaries pay for low-cardinality columns (venue, symbol, reason); for raw frames,
        // sequences and times they only cost
        for (org.apache.avro.Schema.Field field : schema.getFields()) {
            if (HIGH_CARDINALITY.contains(field.name())) {
                builder.withDictionaryEncoding(field.name(), false);
            }
        }
        return builder.build();
    }
}

package io.marketpipe.job.sinks.lake;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.util.function.SerializableFunction;

/** Writes {@code IN} elements through a writer of {@code OUT}, mapping each on the way. */
final class MappingBulkWriterFactory<IN, OUT> implements BulkWriter.Factory<IN> {
    private static final long serialVersionUID = 1L;

    private final BulkWriter.Factory<OUT> delegate;
    private final SerializableFunction<IN, OUT> mapper;
    private final SerializableFunction<IN, List<OUT>> rows;

    MappingBulkWriterFactory(
            BulkWriter.Factory<OUT> delegate, SerializableFunction<IN, OUT> mapper) {
        this.delegate = delegate;
        this.mapper = mapper;
        this.rows = null;
    }

    private MappingBulkWriterFactory(
            SerializableFunction<IN, List<OUT>> rows, BulkWriter.Factory<OUT> delegate) {
        this.delegate = delegate;
        this.mapper = null;
        this.rows = rows;
    }

    /** A writer of the rows {@code rows} makes of each element (a snapshot's levels). */
    static <IN, OUT> MappingBulkWriterFactory<IN, OUT> rows(
            BulkWriter.Factory<OUT> delegate, SerializableFunction<IN, List<OUT>> rows) {
        return new MappingBulkWriterFactory<>(rows, delegate);
    }

    @Override
    public BulkWriter<IN> create(FSDataOutputStream out) throws IOException {
        BulkWriter<OUT> writer = delegate.create(out);
        return new BulkWriter<IN>() {
            @Override
            public void addElement(IN element) throws IOException {
                if (rows == null) {
                    writer.addElement(mapper.apply(element));
                    return;
                }
                for (OUT row : rows.apply(element)) {
                    writer.addElement(row);
                }
            }

            @Override
            public void flush() throws IOException {
                writer.flush();
            }

            @Override
            public void finish() throws IOException {
                writer.finish();
            }
        };
    }
}

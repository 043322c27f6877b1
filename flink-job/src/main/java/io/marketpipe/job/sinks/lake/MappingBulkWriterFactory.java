package io.marketpipe.job.sinks.lake;

import java.io.IOException;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.util.function.SerializableFunction;

/** Writes {@code IN} elements through a writer of {@code OUT}, mapping each on the way. */
final class MappingBulkWriterFactory<IN, OUT> implements BulkWriter.Factory<IN> {
    private static final long serialVersionUID = 1L;

    private final BulkWriter.Factory<OUT> delegate;
    private final SerializableFunction<IN, OUT> mapper;

    MappingBulkWriterFactory(
            BulkWriter.Factory<OUT> delegate, SerializableFunction<IN, OUT> mapper) {
        this.delegate = delegate;
        this.mapper = mapper;
    }

    @Override
    public BulkWriter<IN> create(FSDataOutputStream out) throws IOException {
        BulkWriter<OUT> writer = delegate.create(out);
        return new BulkWriter<IN>() {
            @Override
            public void addElement(IN element) throws IOException {
                writer.addElement(mapper.apply(element));
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

package io.marketpipe.job.sinks.lake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Opens a part file's Parquet writer only when the part has rows enough to need one. Each open
 * {@code ParquetWriter} holds its column buffers whatever it holds, so one per date of a sparse
 * history (1,000 trades a day apart, one lake partition each, all open until the next checkpoint)
 * ran a TaskManager out of heap. Here a part keeps its first {@value #BUFFERED} rows as they came
 * and opens its writer past them, and at most {@value #MAX_OPEN} parts of one sink subtask have a
 * writer open at once; a part past both keeps its rows until it closes (at the checkpoint that
 * commits it, or when it goes idle), then writes them through a writer opened and closed at once.
 * Each subtask has its own copy of this factory, so the count starts again with a restarted task
 * (whose parts were dropped without being finished).
 */
final class BufferingBulkWriterFactory<T> implements BulkWriter.Factory<T> {
    private static final long serialVersionUID = 1L;

    /** Rows a part keeps before it asks for a writer. */
    static final int BUFFERED = 1_024;

    /** Parts of one sink subtask with a writer open at once. */
    static final int MAX_OPEN = 16;

    private final BulkWriter.Factory<T> delegate;

    /** Parts of this subtask with a writer open now (one task thread creates and closes them). */
    private transient int openParts;

    BufferingBulkWriterFactory(BulkWriter.Factory<T> delegate) {
        this.delegate = delegate;
    }

    /** Parts of this factory with a writer open now, for tests. */
    int openWriters() {
        return openParts;
    }

    @Override
    public BulkWriter<T> create(FSDataOutputStream out) {
        return new BulkWriter<T>() {
            private final List<T> rows = new ArrayList<>();
            private BulkWriter<T> writer;
            private boolean holdsPermit;

            @Override
            public void addElement(T element) throws IOException {
                if (writer != null) {
                    writer.addElement(element);
                    return;
                }
                rows.add(element);
                if (rows.size() >= BUFFERED && openParts < MAX_OPEN) {
                    openParts++;
                    holdsPermit = true;
                    openWriter();
                }
            }

            private void openWriter() throws IOException {
                writer = delegate.create(out);
                for (T row : rows) {
                    writer.addElement(row);
                }
                rows.clear();
            }

            @Override
            public void flush() throws IOException {
                if (writer != null) {
                    writer.flush();
                }
            }

            @Override
            public void finish() throws IOException {
                try {
                    if (writer == null) {
                        openWriter();
                    }
                    writer.finish();
                } finally {
                    if (holdsPermit) {
                        holdsPermit = false;
                        openParts--;
                    }
                }
            }
        };
    }
}

package io.marketpipe.job.sinks.dynamo;

import java.util.List;

/** A table written only forward: a put is refused when the stored item is newer. */
interface ConditionalStore<T> extends AutoCloseable {
    /** Writes {@code item} unless the stored one is newer; returns whether it was written. */
    boolean putIfNewer(T item);

    /** How many items {@link #putAllIfNewer} takes at most. */
    default int batchSize() {
        return 1;
    }

    /**
     * {@link #putIfNewer} for each of {@code items} (at most {@link #batchSize()}, of distinct
     * keys), in as few requests as the store can; whether each was written, in order.
     */
    default boolean[] putAllIfNewer(List<T> items) {
        boolean[] written = new boolean[items.size()];
        for (int i = 0; i < written.length; i++) {
            written[i] = putIfNewer(items.get(i));
        }
        return written;
    }

    @Override
    void close();
}

package io.marketpipe.job.sinks.dynamo;

/** A table written only forward: a put is refused when the stored item is newer. */
interface ConditionalStore<T> extends AutoCloseable {
    /** Writes {@code item} unless the stored one is newer; returns whether it was written. */
    boolean putIfNewer(T item);

    @Override
    void close();
}

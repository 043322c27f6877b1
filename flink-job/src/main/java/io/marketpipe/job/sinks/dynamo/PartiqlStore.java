package io.marketpipe.job.sinks.dynamo;

import java.util.List;

/**
 * A {@link ConditionalStore} that writes a batch as one PartiQL {@code BatchExecuteStatement} of
 * conditional UPDATEs ({@link PartiqlUpdates}) and completes the ones refused one by one.
 */
interface PartiqlStore<T> extends ConditionalStore<T> {
    /** The batch of conditional UPDATEs alone: which of {@code items} they wrote, in order. */
    boolean[] updateAll(List<T> items);

    @Override
    default int batchSize() {
        return PartiqlUpdates.BATCH;
    }

    /**
     * The batch, then each item it did not write through {@link #putIfNewer}, which knows a newer
     * stored item (refused) from none (an UPDATE cannot create it).
     */
    @Override
    default boolean[] putAllIfNewer(List<T> items) {
        boolean[] written = updateAll(items);
        for (int i = 0; i < written.length; i++) {
            written[i] = written[i] || putIfNewer(items.get(i));
        }
        return written;
    }
}

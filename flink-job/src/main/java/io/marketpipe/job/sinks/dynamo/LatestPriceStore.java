package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.model.Trade;

/** Where latest prices go; the DynamoDB one writes conditionally. */
interface LatestPriceStore extends AutoCloseable {
    /** Writes {@code trade} unless the stored one is newer; returns whether it was written. */
    boolean putIfNewer(Trade trade);

    @Override
    void close();
}

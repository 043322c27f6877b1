package io.marketpipe.ingest.envelope;

import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;

/** Where feeds hand their raw frames. Implementations may block to apply backpressure. */
@FunctionalInterface
public interface FrameSink {
    void accept(
            String partitionKey,
            Venue venue,
            Encoding encoding,
            Origin origin,
            long connectionId,
            long sequence,
            long receivedMicros,
            byte[] payload)
            throws InterruptedException;
}

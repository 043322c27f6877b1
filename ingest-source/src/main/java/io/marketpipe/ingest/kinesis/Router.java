package io.marketpipe.ingest.kinesis;

/** Maps a frame's partition key ({@code VENUE:SYMBOL}) to the record it joins. */
@FunctionalInterface
public interface Router {
    Route route(String partitionKey);

    /** A record per partition key. */
    static Router perKey() {
        return Route::byKey;
    }
}

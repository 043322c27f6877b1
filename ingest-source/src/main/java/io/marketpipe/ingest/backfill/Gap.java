package io.marketpipe.ingest.backfill;

/** Trade ids {@code fromId..toId} (inclusive) of one symbol that the live stream skipped. */
public record Gap(String symbol, long fromId, long toId) {
    public long size() {
        return toId - fromId + 1;
    }
}

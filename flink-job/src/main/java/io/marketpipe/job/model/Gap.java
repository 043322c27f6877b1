package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * Trade ids the forwarder saw missing and could not recover (its GAP_MARKER frames): a known hole
 * in a symbol's trades. A Flink POJO.
 */
public class Gap {
    public Venue venue;
    public String symbol;
    public long fromId;
    public long toId;
    public String reason;
    public long connectionId;
    public long sequence;
    public long detectedMicros;

    public Gap() {}

    /** How many trades are missing. */
    public long tradeCount() {
        return toId - fromId + 1;
    }

    @Override
    public String toString() {
        return venue + ":" + symbol + " gap " + fromId + ".." + toId + " (" + reason + ")";
    }
}

package io.marketpipe.job.model;

/** Why an input was quarantined. When a frame has several faults, the first in this order wins. */
public enum ReasonCode {
    /** Not parseable: truncated JSON, bad envelope, bad SBE header, wrong schema id. */
    MALFORMED,
    /** A required field is absent. */
    MISSING_FIELD,
    /**
     * The symbol is no symbol after the venue's normalisation: not 2 to 20 letters and digits
     * (ASCII only A-Z and 0-9), not NFKC-normal or of mixed scripts ({@code Symbols}).
     */
    BAD_SYMBOL,
    /** The price is not a finite number greater than zero. */
    BAD_PRICE,
    /** A trade's quantity is not a finite number greater than zero. */
    BAD_QUANTITY,
    /** Missing or impossible times. */
    BAD_TIMESTAMP,
    /** Well-formed but not an event the job knows. */
    UNKNOWN_MESSAGE,
    /**
     * A market stream (depth, aggTrade, kline) the job was configured without ({@code source /
     * market-streams}): it has no operators for it.
     */
    STREAM_OFF,
    /** Behind the watermark by more than the allowed lateness. */
    LATE,
    /** Decoded, but a sink could not write it (checked before the sinks, so none fails). */
    UNWRITABLE
}

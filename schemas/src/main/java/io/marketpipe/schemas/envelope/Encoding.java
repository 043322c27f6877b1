package io.marketpipe.schemas.envelope;

/**
 * How a frame's bytes are encoded. The code is the byte on the wire; never reuse a code. {@link
 * #DECODED} has none.
 */
public enum Encoding {
    UNKNOWN(0),
    /** A text frame holding JSON (Binance raw or combined stream, Finnhub, Binance REST trades). */
    JSON(1),
    /** A binary frame holding one Binance SBE market-data message. */
    SBE(2),
    /**
     * Never on the wire: a quarantine record that holds a trade the job decoded (as JSON) instead
     * of the frame it came from. {@link EnvelopeWriter} refuses it and no code reads as it.
     */
    DECODED(-1),
    /** Never on the wire: a row of one of Binance's public history files. */
    CSV(-1);

    private static final Encoding[] BY_CODE = {UNKNOWN, JSON, SBE};

    private final byte code;

    Encoding(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static Encoding ofCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}

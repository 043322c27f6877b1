package io.marketpipe.schemas.envelope;

/** Where a frame came from. The code is the byte on the wire; never reuse a code. */
public enum Venue {
    UNKNOWN(0),
    BINANCE(1),
    FINNHUB(2);

    private static final Venue[] BY_CODE = {UNKNOWN, BINANCE, FINNHUB};

    private final byte code;

    Venue(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static Venue ofCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }
}

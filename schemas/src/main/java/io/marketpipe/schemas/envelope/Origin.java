package io.marketpipe.schemas.envelope;

/** Why a frame exists. The code is the byte on the wire; never reuse a code. */
public enum Origin {
    /** Received from a live WebSocket stream. */
    LIVE(0),
    /** Fetched over REST to fill a trade-id gap. */
    BACKFILL(1),
    /** Records a gap that could not be backfilled; the payload describes it. */
    GAP_MARKER(2),
    /**
     * A REST depth snapshot the forwarder took for a book: {@code {"symbol":..,"snapshot":<the body
     * of GET /api/v3/depth>}}, received when it was taken.
     */
    SNAPSHOT(3),
    /** Never on the wire: read from one of Binance's public history files. */
    ARCHIVE(-1);

    private static final Origin[] BY_CODE = {LIVE, BACKFILL, GAP_MARKER, SNAPSHOT};

    private final byte code;

    Origin(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** Unknown codes read as {@code null} so the reader can reject the record. */
    public static Origin ofCode(byte code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}

package io.marketpipe.job.decode;

import java.nio.charset.StandardCharsets;

/**
 * Recognises a Binance trade frame in the exact layout Binance sends, byte by byte, without a JSON
 * parser: {@code {"e":"trade","E":..,"s":"..","t":..,"p":"..","q":"..","T":..,"m":..,"M":..}}, raw
 * or wrapped as {@code {"stream":"..","data":{...}}}, with no whitespace, no escapes and only ASCII
 * in strings, and integers without sign or leading zeros of at most 18 digits.
 *
 * <p>{@link #scan} says whether a frame is in that layout and, if so, where its fields are. It
 * never decides anything else: a frame in another layout (whitespace, another field order, an extra
 * field, an escape) is not wrong, only not this, and goes to the general parser, which decides
 * everything. Within the layout the bytes mean what the general parser would make of them: the
 * strings are their bytes, the integers fit a long. Not thread-safe.
 */
final class TradeLayout {
    private static final byte[] COMBINED = ascii("{\"stream\":\"");
    private static final byte[] DATA = ascii(",\"data\":");
    private static final byte[] EVENT = ascii("{\"e\":\"trade\",\"E\":");
    private static final byte[] SYMBOL = ascii(",\"s\":\"");
    private static final byte[] TRADE_ID = ascii(",\"t\":");
    private static final byte[] PRICE = ascii(",\"p\":\"");
    private static final byte[] QUANTITY = ascii(",\"q\":\"");
    private static final byte[] TRADE_TIME = ascii(",\"T\":");
    private static final byte[] MAKER = ascii(",\"m\":");
    private static final byte[] BEST_MATCH = ascii(",\"M\":");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    private byte[] b;
    private int i;

    long eventTime;
    long tradeId;
    long tradeTime;
    boolean buyerIsMaker;
    int symbolFrom;
    int symbolTo;
    int priceFrom;
    int priceTo;
    int quantityFrom;
    int quantityTo;

    /** Whether {@code frame} is a trade in the layout; its fields are set if so. */
    boolean scan(byte[] frame) {
        b = frame;
        i = 0;
        boolean combined = expect(COMBINED);
        if (combined && (string() < 0 || !expect(DATA))) {
            return false;
        }
        if (!expect(EVENT) || (eventTime = integer()) < 0 || !expect(SYMBOL)) {
            return false;
        }
        symbolFrom = i;
        if ((symbolTo = string()) < 0 || !expect(TRADE_ID) || (tradeId = integer()) < 0) {
            return false;
        }
        if (!expect(PRICE)) {
            return false;
        }
        priceFrom = i;
        if ((priceTo = string()) < 0 || !expect(QUANTITY)) {
            return false;
        }
        quantityFrom = i;
        if ((quantityTo = string()) < 0
                || !expect(TRADE_TIME)
                || (tradeTime = integer()) < 0
                || !expect(MAKER)) {
            return false;
        }
        if (expect(TRUE)) {
            buyerIsMaker = true;
        } else if (expect(FALSE)) {
            buyerIsMaker = false;
        } else {
            return false;
        }
        if (!expect(BEST_MATCH) || !(expect(TRUE) || expect(FALSE))) {
            return false;
        }
        if (!next('}') || combined && !next('}')) {
            return false;
        }
        return i == b.length;
    }

    /**
     * Steps over a string's content up to and including its closing quote (the opening one is
     * already read) and returns where the content ends; -1 for a backslash, a control character or
     * a byte outside ASCII.
     */
    private int string() {
        for (int j = i; j < b.length; j++) {
            byte c = b[j];
            if (c == '"') {
                i = j + 1;
                return j;
            }
            if (c < 0x20 || c == '\\') { // bytes >= 0x80 are negative
                return -1;
            }
        }
        return -1;
    }

    /** An unsigned integer of 1 to 18 digits without leading zeros; -1 if there is none. */
    private long integer() {
        int start = i;
        long n = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            n = n * 10 + (b[i] - '0');
            i++;
            if (i - start > 18) {
                return -1;
            }
        }
        int digits = i - start;
        if (digits == 0 || digits > 1 && b[start] == '0') {
            return -1;
        }
        // a number must end here: 1.5 or 1e3 is a JSON number, but no integer
        if (i < b.length && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
            return -1;
        }
        return n;
    }

    private boolean expect(byte[] token) {
        if (b.length - i < token.length) {
            return false;
        }
        for (int k = 0; k < token.length; k++) {
            if (b[i + k] != token[k]) {
                return false;
            }
        }
        i += token.length;
        return true;
    }

    private boolean next(char c) {
        if (i < b.length && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package io.marketpipe.job.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings for the few symbols a decoder sees again and again, so that decoding a trade does not
 * allocate a new one each time: a fixed table of {@value #SLOTS} slots, looked up by a hash of the
 * bytes and checked byte for byte. A miss decodes the bytes as UTF-8 (exactly what a fresh {@code
 * new String} would give, malformed bytes included) and takes the slot. Bounded: at most {@value
 * #SLOTS} strings of at most {@value #MAX_BYTES} bytes. Not thread-safe.
 */
final class SymbolCache {
    static final int SLOTS = 256;
    static final int MAX_BYTES = 80;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];

    /** The string of {@code bytes[offset, offset + length)} as UTF-8. */
    String get(byte[] bytes, int offset, int length) {
        if (length > MAX_BYTES) {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
        int hash = 0x811c9dc5;
        for (int i = offset; i < offset + length; i++) {
            hash = (hash ^ bytes[i]) * 0x01000193;
        }
        int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null
                && key.length == length
                && Arrays.equals(key, 0, length, bytes, offset, offset + length)) {
            return values[slot];
        }
        String value = new String(bytes, offset, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
        values[slot] = value;
        return value;
    }
}

package io.marketpipe.job.decode;

/**
 * The one rule for text read from outside: strict UTF-8 as RFC 3629 defines it. No overlong form
 * ({@code C0 AF}, {@code E0 80 AF}), no encoded surrogate ({@code ED A0 80}), nothing above
 * U+10FFFF ({@code F4 90 80 80}), no stray continuation byte and no sequence cut short. The JDK's
 * and Jackson's decoders are each lenient in their own way (Jackson reads an overlong {@code C1 B0}
 * as {@code p}), so every JSON frame is checked by this before any parser sees it. Plain Java.
 */
public final class StrictUtf8 {
    private StrictUtf8() {}

    /** The index of the first byte that does not start a well-formed sequence, or -1. */
    public static int invalidAt(byte[] b) {
        return invalidAt(b, 0, b.length);
    }

    /** As {@link #invalidAt(byte[])} over {@code b[from, to)}. */
    public static int invalidAt(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0) { // ASCII
                i++;
                continue;
            }
            c &= 0xFF;
            int length;
            int lo = 0x80;
            int hi = 0xBF; // the bounds of the second byte
            if (c >= 0xC2 && c <= 0xDF) {
                length = 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                length = 3;
                if (c == 0xE0) {
                    lo = 0xA0; // below: overlong
                } else if (c == 0xED) {
                    hi = 0x9F; // above: a surrogate
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                length = 4;
                if (c == 0xF0) {
                    lo = 0x90; // below: overlong
                } else if (c == 0xF4) {
                    hi = 0x8F; // above: past U+10FFFF
                }
            } else {
                return i; // a continuation byte, C0, C1 (overlong) or F5..FF
            }
            if (to - i < length) {
                return i;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }

    /**
     * Why {@code b} is not strict UTF-8, naming the offset and the bytes there (escaped), or null
     * when it is.
     */
    public static String fault(byte[] b) {
        int at = invalidAt(b);
        if (at < 0) {
            return null;
        }
        StringBuilder bytes = new StringBuilder();
        for (int k = at; k < Math.min(b.length, at + 4); k++) {
            bytes.append(k == at ? "" : " ")
                    .append(Character.forDigit((b[k] >> 4) & 0xF, 16))
                    .append(Character.forDigit(b[k] & 0xF, 16));
        }
        return "not strict UTF-8 at byte " + at + " (" + bytes.toString().toUpperCase() + ")";
    }
}

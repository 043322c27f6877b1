package io.marketpipe.job.model;

/**
 * Text the job copies from its input into its own records (a quarantine detail, a gap's reason),
 * made safe to write anywhere: printable ASCII stays as it is, a backslash becomes {@code \\} and
 * every other character, a control character, a lone surrogate or any letter outside ASCII, becomes
 * {@code \}{@code uXXXX}. What comes out is valid UTF-8 in every encoder (Parquet's refuses a lone
 * surrogate), holds no terminal escape, and still says exactly what came in. Plain Java.
 */
public final class Text {
    private Text() {}

    public static String escaped(String text) {
        int n = text.length();
        int i = 0;
        while (i < n && plain(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text;
        }
        StringBuilder out = new StringBuilder(n + 16).append(text, 0, i);
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (plain(c)) {
                out.append(c);
            } else if (c == '\\') {
                out.append("\\\\");
            } else {
                out.append("\\u")
                        .append(Character.forDigit((c >> 12) & 0xF, 16))
                        .append(Character.forDigit((c >> 8) & 0xF, 16))
                        .append(Character.forDigit((c >> 4) & 0xF, 16))
                        .append(Character.forDigit(c & 0xF, 16));
            }
        }
        return out.toString();
    }

    private static boolean plain(char c) {
        return c >= 0x20 && c < 0x7F && c != '\\';
    }

    /** Whether {@code text} holds no lone surrogate, so every UTF-8 encoder can write it. */
    public static boolean wellFormed(CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}

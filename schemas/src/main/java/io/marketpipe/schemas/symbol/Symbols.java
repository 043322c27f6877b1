package io.marketpipe.schemas.symbol;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one rule for a symbol, shared by the forwarder, the job, the simulator and the launcher.
 *
 * <p>A symbol is 2 to 20 code points, each a letter or a digit: in ASCII only {@code A-Z} and
 * {@code 0-9} (Binance's symbols, so {@code btcusdt} is a fault and not a second BTCUSDT); beyond
 * ASCII any Unicode letter or decimal digit, since Binance lists symbols such as {@code 这是测试币456}
 * (2025-12). The whole symbol must be in NFKC form, so no fullwidth {@code ＢＴＣ}, ligature {@code ﬀ}
 * or long {@code ſ} that normalises into another symbol is one; and its letters come from one
 * script, or from Latin with Han and one of Hiragana/Katakana, Bopomofo or Hangul (Unicode's
 * "highly restrictive" level), so a Cyrillic {@code А} in {@code АBTC} is a fault, not a look-alike
 * of ABTC. Nothing here maps case or normalises: a symbol that passes is used exactly as it came,
 * and one that fails is never folded into one that passes.
 *
 * <p>Such a symbol holds no {@code /}, {@code .}, {@code =}, quote, space or control character, so
 * it can name a file, an S3 key part or a stream without escaping beyond URL encoding. Which code
 * points are letters follows the running JDK's Unicode tables (Java 11: Unicode 10).
 */
public final class Symbols {
    public static final int MIN_CODE_POINTS = 2;
    public static final int MAX_CODE_POINTS = 20;

    /** The rule in a few words, for messages. */
    public static final String RULE =
            "2 to 20 letters and digits (A-Z and 0-9, or non-ASCII letters and digits in NFKC form"
                    + " from one script)";

    private static final List<Set<UnicodeScript>> MIXES =
            List.of(
                    EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA),
                    EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.KATAKANA),
                    EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
                    EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

    private Symbols() {}

    /** Whether {@code symbol} is a symbol; allocates nothing for an ASCII one. */
    public static boolean valid(String symbol) {
        if (symbol == null) {
            return false;
        }
        int n = symbol.length();
        if (n < MIN_CODE_POINTS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = symbol.charAt(i);
            if (c >= 0x80) {
                return fault(symbol) == null;
            }
            if ((c < 'A' || c > 'Z') && (c < '0' || c > '9')) {
                return false;
            }
        }
        return n <= MAX_CODE_POINTS;
    }

    /**
     * Why {@code symbol} is no symbol, naming the first thing wrong ("has 21 code points, not 2 to
     * 20"; a caller puts the symbol in front), or null when it is one.
     */
    public static String fault(String symbol) {
        if (symbol == null) {
            return "is null";
        }
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        int count = 0;
        for (int i = 0; i < symbol.length(); ) {
            int cp = symbol.codePointAt(i);
            if (Character.isSurrogate(symbol.charAt(i)) && Character.charCount(cp) == 1) {
                return "has a lone surrogate at index " + i;
            }
            if (cp < 0x80
                    ? (cp < 'A' || cp > 'Z') && (cp < '0' || cp > '9')
                    : !Character.isLetterOrDigit(cp)) {
                return "has "
                        + String.format("U+%04X", cp)
                        + ", which is not "
                        + (cp < 0x80 ? "A-Z or 0-9" : "a letter or a digit");
            }
            UnicodeScript script = UnicodeScript.of(cp);
            if (script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED) {
                scripts.add(script);
            }
            count++;
            i += Character.charCount(cp);
        }
        if (count < MIN_CODE_POINTS || count > MAX_CODE_POINTS) {
            return "has " + count + " code points, not 2 to 20";
        }
        if (scripts.size() > 1 && MIXES.stream().noneMatch(m -> m.containsAll(scripts))) {
            return "mixes the scripts " + scripts;
        }
        if (!Normalizer.isNormalized(symbol, Normalizer.Form.NFKC)) {
            return "is not in NFKC form (it normalises to another text)";
        }
        return null;
    }

    /**
     * The name a symbol has in a Binance stream: ASCII letters lower-cased, nothing else touched
     * ({@code BTCUSDT} → {@code btcusdt}); {@link String#toLowerCase} would also fold non-ASCII
     * letters.
     */
    public static String streamName(String symbol) {
        return mapAscii(symbol, 'A', 'Z', 'a' - 'A');
    }

    /** The symbol a Binance stream names: ASCII letters upper-cased, nothing else touched. */
    public static String fromStreamName(String name) {
        return mapAscii(name, 'a', 'z', 'A' - 'a');
    }

    private static String mapAscii(String text, char from, char to, int shift) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= from && c <= to) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = (char) (c + shift);
            }
        }
        return chars == null ? text : new String(chars);
    }
}

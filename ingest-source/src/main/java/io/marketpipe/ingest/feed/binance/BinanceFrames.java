package io.marketpipe.ingest.feed.binance;

import io.marketpipe.schemas.symbol.Symbols;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Finds a Binance JSON frame's symbol without parsing it: from the combined-stream prefix {@code
 * {"stream":"btcusdt@trade",...}}, else from a raw event's {@code "s":"BTCUSDT"}.
 */
public final class BinanceFrames {
    /** Partition-key symbol for frames that name none (acks, garbage). */
    public static final String NO_SYMBOL = "_";

    private static final byte[] STREAM_PREFIX =
            "{\"stream\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SYMBOL_FIELD = "\"s\":\"".getBytes(StandardCharsets.US_ASCII);

    /** Bytes: 20 code points of up to 4 bytes each. */
    private static final int MAX_SYMBOL = 80;

    private static final int MAX_STREAM = 128;

    private BinanceFrames() {}

    public static String symbol(byte[] frame) {
        if (startsWith(frame, STREAM_PREFIX)) {
            int start = STREAM_PREFIX.length;
            int end = start;
            while (end < frame.length
                    && end - start <= MAX_SYMBOL
                    && frame[end] != '@'
                    && frame[end] != '"') {
                end++;
            }
            if (end < frame.length && frame[end] == '@' && end > start) {
                return upperAscii(frame, start, end);
            }
            return NO_SYMBOL;
        }
        int at = indexOf(frame, SYMBOL_FIELD);
        if (at >= 0) {
            int start = at + SYMBOL_FIELD.length;
            int end = start;
            while (end < frame.length && end - start <= MAX_SYMBOL && frame[end] != '"') {
                end++;
            }
            if (end < frame.length && frame[end] == '"' && end > start) {
                return upperAscii(frame, start, end);
            }
        }
        return NO_SYMBOL;
    }

    /**
     * The stream a combined-stream frame carries ({@code btcusdt@trade}), or null for anything else
     * (acks, {@code serverShutdown}, garbage).
     */
    public static String stream(byte[] frame) {
        if (!startsWith(frame, STREAM_PREFIX)) {
            return null;
        }
        int start = STREAM_PREFIX.length;
        int end = start;
        while (end < frame.length && end - start <= MAX_STREAM && frame[end] != '"') {
            end++;
        }
        if (end == start || end >= frame.length || frame[end] != '"') {
            return null;
        }
        return new String(frame, start, end - start, StandardCharsets.UTF_8);
    }

    /** Every {@code "s":"..."} value in a frame, e.g. each symbol of a Finnhub trade batch. */
    public static void symbols(byte[] frame, Consumer<String> out) {
        int from = 0;
        while (true) {
            int at = indexOf(frame, SYMBOL_FIELD, from);
            if (at < 0) {
                return;
            }
            int start = at + SYMBOL_FIELD.length;
            int end = start;
            while (end < frame.length && end - start <= MAX_SYMBOL && frame[end] != '"') {
                end++;
            }
            if (end < frame.length && frame[end] == '"' && end > start) {
                out.accept(new String(frame, start, end - start, StandardCharsets.UTF_8));
            }
            from = end;
        }
    }

    private static boolean startsWith(byte[] frame, byte[] prefix) {
        if (frame.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (frame[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] frame, byte[] needle) {
        return indexOf(frame, needle, 0);
    }

    private static int indexOf(byte[] frame, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= frame.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (frame[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The bytes as a symbol for a partition key: UTF-8 with its ASCII letters upper-cased and
     * nothing else changed; {@link #NO_SYMBOL} for a control character, a backslash (a JSON escape,
     * which a partition key need not follow) or bytes that are not strict UTF-8.
     */
    private static String upperAscii(byte[] frame, int start, int end) {
        boolean ascii = true;
        for (int i = start; i < end; i++) {
            byte b = frame[i];
            if (b >= 0 && (b < 0x20 || b == 0x7F || b == '\\')) {
                return NO_SYMBOL;
            }
            ascii &= b >= 0;
        }
        if (ascii) {
            char[] chars = new char[end - start];
            for (int i = start; i < end; i++) {
                byte b = frame[i];
                chars[i - start] = (char) (b >= 'a' && b <= 'z' ? b - 32 : b);
            }
            return new String(chars);
        }
        try {
            return Symbols.fromStreamName(
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(frame, start, end - start))
                            .toString());
        } catch (CharacterCodingException e) {
            return NO_SYMBOL;
        }
    }
}

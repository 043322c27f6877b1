package io.marketpipe.job.source;

import io.marketpipe.job.decode.ReceiveTimes;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * One line of a capture file as a frame. Formats: {@code binance} and {@code finnhub} (a JSON frame
 * per line), {@code sbe} (a base64 SBE frame per line), {@code recorded} (the forwarder's {@code
 * --record} output: {@code VENUE<TAB>ENCODING<TAB>ORIGIN<TAB>MICROS<TAB>PAYLOAD}). A line that does
 * not parse becomes a frame carrying the error, to be quarantined. Plain Java.
 */
public final class CaptureLine {
    /** Capture formats. */
    public enum Format {
        BINANCE,
        SBE,
        FINNHUB,
        RECORDED;

        public static Format parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "capture format \"" + name + "\" is not binance, sbe, finnhub or recorded");
            }
        }
    }

    private CaptureLine() {}

    /** The constant of {@code type} named {@code name}, else a message naming the column. */
    private static <E extends Enum<E>> E named(Class<E> type, String column, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + column + " \"" + name + "\"");
    }

    public static RawFrame parse(Format format, String line, long lineNumber, long nowMicros) {
        return parse(format, line.getBytes(StandardCharsets.UTF_8), lineNumber, nowMicros);
    }

    /**
     * A line read as bytes ({@link ByteLines}): JSON lines, and a recorded line's JSON payload, are
     * the frame as it came, with no decoding to characters and back, so the decoders' one strict
     * UTF-8 rule sees the bytes a Kinesis record would carry. A UTF-8 byte order mark before the
     * first line is dropped, in every format.
     */
    public static RawFrame parse(Format format, byte[] line, long lineNumber, long nowMicros) {
        if (lineNumber == 1 && startsWithBom(line)) {
            line = Arrays.copyOfRange(line, BOM.length, line.length);
        }
        switch (format) {
            case BINANCE:
            case FINNHUB:
                return new RawFrame(
                                format == Format.BINANCE ? Venue.BINANCE : Venue.FINNHUB,
                                Encoding.JSON,
                                Origin.LIVE,
                                0,
                                lineNumber,
                                nowMicros,
                                line)
                        .readNow();
            case SBE:
                try {
                    return new RawFrame(
                                    Venue.BINANCE,
                                    Encoding.SBE,
                                    Origin.LIVE,
                                    0,
                                    lineNumber,
                                    nowMicros,
                                    Base64.getDecoder()
                                            .decode(
                                                    new String(line, StandardCharsets.ISO_8859_1)
                                                            .trim()))
                            .readNow();
                } catch (IllegalArgumentException e) {
                    return RawFrame.unreadable(
                                    line, "line " + lineNumber + " is not base64", nowMicros)
                            .readNow();
                }
            default:
                return recorded(line, lineNumber, nowMicros);
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static boolean startsWithBom(byte[] line) {
        return line.length >= BOM.length
                && line[0] == BOM[0]
                && line[1] == BOM[1]
                && line[2] == BOM[2];
    }

    private static RawFrame recorded(byte[] raw, long lineNumber, long nowMicros) {
        // the four header columns are ASCII; the payload is every byte after the fourth tab
        int[] tabs = new int[4];
        int found = 0;
        for (int i = 0; i < raw.length && found < 4; i++) {
            if (raw[i] == '\t') {
                tabs[found++] = i;
            }
        }
        if (found != 4) {
            return RawFrame.unreadable(
                            raw,
                            "line "
                                    + lineNumber
                                    + " has "
                                    + (found + 1)
                                    + " of 5 tab-separated columns",
                            nowMicros)
                    .readNow();
        }
        String[] cols = new String[4];
        for (int c = 0, from = 0; c < 4; from = tabs[c] + 1, c++) {
            cols[c] = new String(raw, from, tabs[c] - from, StandardCharsets.ISO_8859_1);
        }
        byte[] payload = Arrays.copyOfRange(raw, tabs[3] + 1, raw.length);
        try {
            Venue venue = named(Venue.class, "venue", cols[0]);
            Origin origin = named(Origin.class, "origin", cols[2]);
            if (origin == Origin.ARCHIVE) {
                throw new IllegalArgumentException(
                        "origin ARCHIVE is never on the wire, so never in a recording");
            }
            long micros = Long.parseLong(cols[3]);
            String impossible = ReceiveTimes.fault(micros, nowMicros);
            if (impossible != null) {
                throw new IllegalArgumentException(impossible);
            }
            switch (cols[1]) {
                case "JSON":
                    return new RawFrame(
                            venue, Encoding.JSON, origin, 0, lineNumber, micros, payload);
                case "JSON_B64":
                    return new RawFrame(
                            venue, Encoding.JSON, origin, 0, lineNumber, micros, base64(payload));
                case "SBE":
                    return new RawFrame(
                            venue, Encoding.SBE, origin, 0, lineNumber, micros, base64(payload));
                default:
                    return RawFrame.unreadable(
                                    raw,
                                    "line " + lineNumber + ": unknown encoding " + cols[1],
                                    nowMicros)
                            .readNow();
            }
        } catch (IllegalArgumentException e) {
            return RawFrame.unreadable(raw, "line " + lineNumber + ": " + e.getMessage(), nowMicros)
                    .readNow();
        }
    }

    private static byte[] base64(byte[] text) {
        return Base64.getDecoder().decode(text);
    }
}

package io.marketpipe.job.source;

import io.marketpipe.job.model.RawFrame;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.nio.charset.StandardCharsets;
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
        byte[] raw = line.getBytes(StandardCharsets.UTF_8);
        switch (format) {
            case BINANCE:
            case FINNHUB:
                return parse(format, raw, lineNumber, nowMicros);
            case SBE:
                try {
                    return new RawFrame(
                                    Venue.BINANCE,
                                    Encoding.SBE,
                                    Origin.LIVE,
                                    0,
                                    lineNumber,
                                    nowMicros,
                                    Base64.getDecoder().decode(line.trim()))
                            .readNow();
                } catch (IllegalArgumentException e) {
                    return RawFrame.unreadable(
                                    raw, "line " + lineNumber + " is not base64", nowMicros)
                            .readNow();
                }
            default:
                return recorded(line, raw, lineNumber, nowMicros);
        }
    }

    /**
     * A line read as bytes ({@link ByteLines}): JSON lines are the frame as it came, with no
     * decoding to characters and back; the other formats are read as text.
     */
    public static RawFrame parse(Format format, byte[] line, long lineNumber, long nowMicros) {
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
            default:
                return parse(
                        format, new String(line, StandardCharsets.UTF_8), lineNumber, nowMicros);
        }
    }

    private static RawFrame recorded(String line, byte[] raw, long lineNumber, long nowMicros) {
        String[] cols = line.split("\t", 5);
        if (cols.length != 5) {
            return RawFrame.unreadable(
                            raw,
                            "line "
                                    + lineNumber
                                    + " has "
                                    + cols.length
                                    + " of 5 tab-separated columns",
                            nowMicros)
                    .readNow();
        }
        try {
            Venue venue = named(Venue.class, "venue", cols[0]);
            Origin origin = named(Origin.class, "origin", cols[2]);
            long micros = Long.parseLong(cols[3]);
            switch (cols[1]) {
                case "JSON":
                    return new RawFrame(
                            venue,
                            Encoding.JSON,
                            origin,
                            0,
                            lineNumber,
                            micros,
                            cols[4].getBytes(StandardCharsets.UTF_8));
                case "JSON_B64":
                    return new RawFrame(
                            venue,
                            Encoding.JSON,
                            origin,
                            0,
                            lineNumber,
                            micros,
                            Base64.getDecoder().decode(cols[4]));
                case "SBE":
                    return new RawFrame(
                            venue,
                            Encoding.SBE,
                            origin,
                            0,
                            lineNumber,
                            micros,
                            Base64.getDecoder().decode(cols[4]));
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
}

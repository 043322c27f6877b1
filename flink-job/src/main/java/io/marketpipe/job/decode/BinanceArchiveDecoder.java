package io.marketpipe.job.decode;

import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Venue;
import java.nio.charset.StandardCharsets;

/**
 * One row of Binance's public historical data (data.binance.vision), as users download it: spot
 * {@code trades} ({@code id,price,qty,quote_qty,time,is_buyer_maker,is_best_match}) or {@code
 * aggTrades} ({@code agg_id,price,qty,first_id,last_id,time,is_buyer_maker,is_best_match}); times
 * in ms up to 2024 and µs from 2025 (told apart by size), booleans {@code True}/{@code False}. A
 * header row is control. The symbol comes from the file name; a row's receive time is its trade
 * time, so replays of history are deterministic. Plain Java.
 */
public final class BinanceArchiveDecoder {
    private final TradeRules rules;

    public BinanceArchiveDecoder(TradeRules rules) {
        this.rules = rules;
    }

    /** The two kinds of file. */
    public enum Kind {
        TRADES(7, 4, 5),
        AGG_TRADES(8, 5, 6);

        final int columns;
        final int timeColumn;
        final int makerColumn;

        Kind(int columns, int timeColumn, int makerColumn) {
            this.columns = columns;
            this.timeColumn = timeColumn;
            this.makerColumn = makerColumn;
        }
    }

    public void decode(RawFrame frame, String symbol, Kind kind, DecodeSink out) {
        String utf8 = StrictUtf8.fault(frame.payload);
        if (utf8 != null) {
            out.quarantine(ReasonCode.MALFORMED, "a history row " + utf8);
            return;
        }
        String row = new String(frame.payload, StandardCharsets.UTF_8).trim();
        if (!row.isEmpty() && (row.charAt(0) < '0' || row.charAt(0) > '9')) {
            if (row.startsWith("id,") || row.startsWith("agg_id,")) {
                out.control(); // the header some files have
            } else {
                out.quarantine(ReasonCode.MALFORMED, "not a CSV row of " + kind + ": " + row);
            }
            return;
        }
        String[] cols = row.split(",", -1);
        if (cols.length != kind.columns) {
            out.quarantine(
                    ReasonCode.MISSING_FIELD,
                    kind + " rows have " + kind.columns + " columns, this one " + cols.length);
            return;
        }
        long id = wholeNumber(cols[0]);
        if (id < 0) {
            out.quarantine(ReasonCode.MALFORMED, "id \"" + cols[0] + "\" is not a whole number");
            return;
        }
        String maker = cols[kind.makerColumn];
        // lower-cased as ASCII: equalsIgnoreCase takes "falſe" for "false"
        String makerFlag = asciiLower(maker);
        if (!makerFlag.equals("true") && !makerFlag.equals("false")) {
            out.quarantine(ReasonCode.MALFORMED, "is_buyer_maker \"" + maker + "\"");
            return;
        }
        long wholeTime = wholeNumber(cols[kind.timeColumn]);
        long time = wholeTime < 0 ? -1 : Timestamps.toMillis(wholeTime);
        long price = units(cols[1]);
        long quantity = units(cols[2]);
        // no receive time: a row is received when it was traded, so replays are deterministic
        if (rules.rejects(
                out,
                "",
                symbol,
                price,
                cols[1],
                quantity,
                cols[2],
                time,
                cols[kind.timeColumn],
                0)) {
            return;
        }
        out.trade(
                new Trade(
                        Venue.BINANCE,
                        symbol,
                        id,
                        price,
                        quantity,
                        time,
                        time,
                        makerFlag.equals("true"),
                        time * 1_000,
                        frame.origin));
    }

    /**
     * {@code text} as a whole number of 1 to 18 ASCII digits, or -1: {@code Long.parseLong} also
     * reads other scripts' digits ({@code "١٢٣"} is 123 to it) and a leading {@code +}.
     */
    static long wholeNumber(String text) {
        int n = text.length();
        if (n == 0 || n > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String asciiLower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }

    private static long units(String decimal) {
        try {
            return Decimals.parse(decimal);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }
}

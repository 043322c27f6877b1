package io.marketpipe.job.source;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Genuine trade frames with hostile edits of the classes an adversarial review found, chosen and
 * placed by a fuzzer's data: for {@code FrameFuzzTest#hostileEdits}.
 */
final class HostileEdits {
    static final long T0 = 1_700_000_000_000L;
    static final long RECEIVED = (T0 + 1_000) * 1_000;

    /** Invalid UTF-8: a surrogate, overlong forms, past U+10FFFF, F5..FF, stray, cut short. */
    private static final int[][] INVALID_UTF8 = {
        {0xED, 0xA0, 0x80},
        {0xED, 0xBF, 0xBF},
        {0xC0, 0xAF},
        {0xC1, 0xB0},
        {0xE0, 0x80, 0xAF},
        {0xF0, 0x80, 0x80, 0xAF},
        {0xF4, 0x90, 0x80, 0x80},
        {0xF5, 0x80, 0x80, 0x80},
        {0xFF},
        {0x80},
        {0xE2, 0x82}
    };

    private static final String[] DIGITS = {
        "\uFF10", "\u0660", "\u0966", "\u0663", "\uFF19", "\uD835\uDFD8"
    };

    private static final String[] LETTERS = {
        "\u017F", // long s, which upper-cases to S
        "\u0131", // dotless i, to I
        "\uFB00", // ff ligature, to FF
        "\uFF21", // fullwidth A
        "\uFF3A", // fullwidth Z
        "\u0410", // Cyrillic A
        "\u0391", // Greek Alpha
        "\u212A", // Kelvin sign, which folds to k
        "\u00DF" // sharp s, to SS
    };

    private static final String[] NOT_TEXT = {"12345", "[\"BTCUSDT\"]", "{\"s\":1}", "true"};

    private static final String[] NOT_DECIMAL = {"[1]", "{\"p\":\"1\"}", "true", "false"};

    /** A genuine frame and its hostile edit. */
    static final class Case {
        Venue venue = Venue.BINANCE;
        Encoding encoding = Encoding.JSON;
        MarketEvent.Kind genuineKind = MarketEvent.Kind.TRADE;
        byte[] genuine;
        byte[] hostile;
        boolean mustQuarantine;
        final List<String> edits = new ArrayList<>();

        RawFrame frame(byte[] payload) {
            return new RawFrame(venue, encoding, Origin.LIVE, 1, 1, RECEIVED, payload);
        }
    }

    private HostileEdits() {}

    static Case make(FuzzedDataProvider d) {
        Case c = new Case();
        int template = d.consumeInt(0, 3);
        String symbol = symbol(d);
        long id = d.consumeLong(0, 1_000_000_000_000L);
        String price = d.consumeInt(1, 9_999_999) + "." + d.consumeInt(10, 99);
        String quantity = d.consumeInt(1, 999) + "." + d.consumeInt(100, 999);
        long time = T0 + d.consumeInt(0, 999);
        if (template == 3) {
            sbe(c, d, symbol, id, time);
            return c;
        }
        String json;
        String[] names;
        if (template == 2) {
            c.venue = Venue.FINNHUB;
            json =
                    "{\"type\":\"trade\",\"data\":[{\"s\":\""
                            + symbol
                            + "\",\"p\":\""
                            + price
                            + "\",\"v\":"
                            + quantity
                            + ",\"t\":"
                            + time
                            + "}]}";
            names = new String[] {"s", "p", "v", "t", "type"};
        } else {
            json =
                    "{\"e\":\"trade\",\"E\":"
                            + time
                            + ",\"s\":\""
                            + symbol
                            + "\",\"t\":"
                            + id
                            + ",\"p\":\""
                            + price
                            + "\",\"q\":\""
                            + quantity
                            + "\",\"T\":"
                            + time
                            + ",\"m\":true,\"M\":true}";
            if (template == 1) {
                json = "{\"stream\":\"" + symbol.toLowerCase() + "@trade\",\"data\":" + json + "}";
            }
            names =
                    template == 1
                            ? new String[] {"e", "E", "s", "t", "p", "q", "T", "m", "stream"}
                            : new String[] {"e", "E", "s", "t", "p", "q", "T", "m"};
        }
        c.genuine = json.getBytes(UTF_8);
        String edited = json;
        boolean invalidUtf8 = false;
        int count = d.consumeInt(1, 3);
        for (int n = 0; n < count; n++) {
            int edit = d.consumeInt(0, 5);
            switch (edit) {
                case 0:
                    invalidUtf8 = true;
                    break;
                case 1:
                    String name = d.pickValue(names);
                    edited = twice(edited, name, d.consumeBoolean() ? "1" : "\"x\"");
                    c.edits.add("twice " + name);
                    c.mustQuarantine = true;
                    break;
                case 2:
                    if (d.consumeBoolean()) {
                        edited = replaceValue(edited, "s", d.pickValue(NOT_TEXT));
                        c.edits.add("symbol not text");
                    } else {
                        edited = replaceValue(edited, "p", d.pickValue(NOT_DECIMAL));
                        c.edits.add("price not a decimal");
                    }
                    c.mustQuarantine = true;
                    break;
                case 3:
                    edited = replaceIn(edited, "\"p\":\"", d.consumeInt(0, 6), d.pickValue(DIGITS));
                    c.edits.add("digit");
                    c.mustQuarantine = true;
                    break;
                case 4:
                    edited =
                            replaceIn(
                                    edited,
                                    "\"s\":\"",
                                    d.consumeInt(0, symbol.length() - 1),
                                    d.pickValue(LETTERS));
                    c.edits.add("letter");
                    c.mustQuarantine = true;
                    break;
                default:
                    if (template == 1) {
                        edited =
                                edited.substring(0, edited.length() - 1)
                                        + ",\"p\":\"1.0\",\"s\":\"ETHUSDT\",\"t\":1,\"q\":\"9\"}";
                        // the second time, the wrapper holds its own names twice
                        c.mustQuarantine |= c.edits.contains("wrapper");
                        c.edits.add("wrapper");
                    }
            }
        }
        byte[] bytes = edited.getBytes(UTF_8);
        if (invalidUtf8) {
            int[] seq = INVALID_UTF8[d.consumeInt(0, INVALID_UTF8.length - 1)];
            int at = d.consumeInt(0, bytes.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bytes, 0, at);
            for (int b : seq) {
                out.write(b);
            }
            out.write(bytes, at, bytes.length - at);
            bytes = out.toByteArray();
            c.edits.add("invalid UTF-8 " + Arrays.toString(seq) + " at " + at);
            c.mustQuarantine = true;
        }
        c.hostile = bytes;
        return c;
    }

    private static String symbol(FuzzedDataProvider d) {
        int n = d.consumeInt(3, 8);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('A' + d.consumeInt(0, 25)));
        }
        return s.toString();
    }

    /** {@code json} with member {@code name} given again, as {@code value}, right after itself. */
    private static String twice(String json, String name, String value) {
        int[] span = valueSpan(json, name);
        return json.substring(0, span[1]) + ",\"" + name + "\":" + value + json.substring(span[1]);
    }

    private static String replaceValue(String json, String name, String value) {
        int[] span = valueSpan(json, name);
        return json.substring(0, span[0]) + value + json.substring(span[1]);
    }

    /** {@code json} with the character {@code offset} after {@code anchor} replaced. */
    private static String replaceIn(String json, String anchor, int offset, String with) {
        int at = json.indexOf(anchor) + anchor.length();
        int i = Math.min(at + offset, json.indexOf('"', at) - 1);
        while (i > at && !Character.isLetterOrDigit(json.charAt(i))) {
            i--;
        }
        return json.substring(0, i) + with + json.substring(i + 1);
    }

    /** Where the scalar value of member {@code name} starts and ends. */
    private static int[] valueSpan(String json, String name) {
        int start = json.indexOf("\"" + name + "\":") + name.length() + 3;
        int end = start;
        if (json.charAt(start) == '"') {
            end = json.indexOf('"', start + 1) + 1;
        } else {
            while (",}]".indexOf(json.charAt(end)) < 0) {
                end++;
            }
        }
        return new int[] {start, end};
    }

    /** A genuine SBE trades frame, and the same with its root block shorter than the schema's. */
    private static void sbe(Case c, FuzzedDataProvider d, String symbol, long id, long time) {
        c.encoding = Encoding.SBE;
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        MessageHeaderEncoder header = new MessageHeaderEncoder();
        TradesStreamEventEncoder e =
                new TradesStreamEventEncoder().wrapAndApplyHeader(buffer, 0, header);
        e.eventTime(time * 1_000)
                .transactTime(time * 1_000)
                .priceExponent((byte) -2)
                .qtyExponent((byte) -3);
        e.tradesCount(1)
                .next()
                .id(id)
                .price(d.consumeLong(1, 1_000_000_000L))
                .qty(d.consumeLong(1, 1_000_000L))
                .isBuyerMaker(BoolEnum.True);
        e.symbol(symbol);
        c.genuine =
                Arrays.copyOf(
                        buffer.byteArray(),
                        MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
        c.hostile = c.genuine.clone();
        int blockLength = d.consumeInt(0, TradesStreamEventEncoder.BLOCK_LENGTH - 1);
        c.hostile[0] = (byte) blockLength;
        c.hostile[1] = 0;
        if (d.consumeBoolean()) { // and a group header that says its entries are longer
            int group = MessageHeaderEncoder.ENCODED_LENGTH + TradesStreamEventEncoder.BLOCK_LENGTH;
            c.hostile[group] = (byte) 0xF8;
            c.hostile[group + 1] = (byte) 0xF8;
        }
        c.edits.add("SBE root block " + blockLength);
        c.mustQuarantine = true;
    }
}

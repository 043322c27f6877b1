package io.marketpipe.job.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.dedupe.IdDeduper;
import io.marketpipe.job.dedupe.MapBlocks;
import io.marketpipe.job.dedupe.MapHeld;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.BestBidAskStreamEventEncoder;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Real frames of every kind, mutated (bytes flipped, cut, inserted, values swapped for hostile
 * ones), 100,000 of them per run: no decoder fails (the guard that catches a failing decoder is
 * never needed), every frame is accounted for exactly once, every quarantine record fits a Kinesis
 * record, and every trade that passes is writable everywhere. Its trades then close the accounting:
 * each is kept, a duplicate or late.
 */
class MutatedFramesPropertyTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long RECEIVED = (T0 + 1_000) * 1_000;
    private static final int FRAMES_PER_TRY = 50;

    private static final String[] HOSTILE = {
        "1e999999999",
        "-0",
        "\"\"",
        "null",
        "[]",
        "{}",
        "9999999999999999999999",
        "\"1e-99999\"",
        "\".\"",
        "\"-\"",
        "\"1e5\"",
        "true",
        "\"\\u0000\"",
        "1.7976931348623157E309",
        "-1",
        "\"NaN\"",
        "\"Infinity\"",
        "4102444800000",
        "1262303999999",
        "\"92233720368.54775808\"",
        "18446744073709551616",
        "\"0.000000001\"",
        "1e-400"
    };

    /** A seed frame: venue, encoding, origin, bytes. */
    private static final class Seed {
        final Venue venue;
        final Encoding encoding;
        final Origin origin;
        final byte[] payload;

        Seed(Venue venue, Encoding encoding, Origin origin, byte[] payload) {
            this.venue = venue;
            this.encoding = encoding;
            this.origin = origin;
            this.payload = payload;
        }
    }

    private static final List<Seed> SEEDS = seeds();

    private static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>();
        seeds.add(
                json(
                        Venue.BINANCE,
                        Origin.LIVE,
                        "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":"
                                + (T0 + 5)
                                + ",\"s\":\"BTCUSDT\",\"t\":7,\"p\":\"68000.50\",\"q\":\"0.250\",\"T\":"
                                + T0
                                + ",\"m\":false,\"M\":true}}"));
        seeds.add(
                json(
                        Venue.BINANCE,
                        Origin.LIVE,
                        "{\"u\":400900217,\"s\":\"BNBUSDT\",\"b\":\"25.35190000\",\"B\":\"31.21\","
                                + "\"a\":\"25.36520000\",\"A\":\"40.66\"}"));
        seeds.add(json(Venue.BINANCE, Origin.LIVE, "{\"result\":null,\"id\":1}"));
        seeds.add(
                json(
                        Venue.FINNHUB,
                        Origin.LIVE,
                        "{\"type\":\"trade\",\"data\":[{\"s\":\"BINANCE:BTCUSDT\",\"p\":68000.5,"
                                + "\"t\":"
                                + T0
                                + ",\"v\":0.25,\"c\":null},{\"s\":\"OANDA:EUR_USD\",\"p\":1.0851,"
                                + "\"t\":"
                                + T0
                                + ",\"v\":0}]}"));
        seeds.add(json(Venue.FINNHUB, Origin.LIVE, "{\"type\":\"ping\"}"));
        seeds.add(
                json(
                        Venue.BINANCE,
                        Origin.BACKFILL,
                        "{\"backfill\":\"historicalTrades\",\"symbol\":\"BTCUSDT\",\"fromId\":1,"
                                + "\"toId\":2,\"trades\":[{\"id\":1,\"price\":\"1.5\",\"qty\":\"2\","
                                + "\"quoteQty\":\"3\",\"time\":"
                                + T0
                                + ",\"isBuyerMaker\":true,\"isBestMatch\":true},{\"id\":2,"
                                + "\"price\":\"1.6\",\"qty\":\"1\",\"time\":"
                                + T0
                                + ",\"isBuyerMaker\":false}]}"));
        seeds.add(
                json(
                        Venue.BINANCE,
                        Origin.GAP_MARKER,
                        "{\"gap\":\"unrecoverable\",\"symbol\":\"BTCUSDT\",\"fromId\":101,"
                                + "\"toId\":250,\"reason\":\"REST answered HTTP 403\"}"));
        seeds.add(new Seed(Venue.BINANCE, Encoding.SBE, Origin.LIVE, sbeTrades()));
        seeds.add(new Seed(Venue.BINANCE, Encoding.SBE, Origin.LIVE, sbeBestBidAsk()));
        return seeds;
    }

    private static Seed json(Venue venue, Origin origin, String text) {
        return new Seed(venue, Encoding.JSON, origin, text.getBytes(UTF_8));
    }

    private static byte[] sbeTrades() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        TradesStreamEventEncoder e =
                new TradesStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.eventTime(T0 * 1_000 + 5).transactTime(T0 * 1_000).priceExponent((byte) -2);
        e.qtyExponent((byte) -3);
        TradesStreamEventEncoder.TradesEncoder g = e.tradesCount(3);
        for (int i = 0; i < 3; i++) {
            g.next().id(500 + i).price(6_800_012 + i).qty(1_500).isBuyerMaker(BoolEnum.False);
        }
        e.symbol("BTCUSDT");
        return Arrays.copyOf(
                buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private static byte[] sbeBestBidAsk() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        BestBidAskStreamEventEncoder e =
                new BestBidAskStreamEventEncoder()
                        .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        e.eventTime(T0 * 1_000).bookUpdateId(9).priceExponent((byte) -2).qtyExponent((byte) -3);
        e.bidPrice(6_800_012).bidQty(1_500).askPrice(6_800_013).askQty(2_500);
        e.symbol("BTCUSDT");
        return Arrays.copyOf(
                buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    /** One mutation: kind, a position and a value (each read modulo what applies). */
    @Provide
    Arbitrary<List<int[]>> frames() {
        Arbitrary<int[]> mutation =
                Combinators.combine(
                                Arbitraries.integers().between(0, 4),
                                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                                Arbitraries.integers().between(0, Integer.MAX_VALUE))
                        .as((kind, at, value) -> new int[] {kind, at, value});
        Arbitrary<int[]> frame =
                Combinators.combine(
                                Arbitraries.integers().between(0, SEEDS.size() - 1),
                                mutation.list().ofMinSize(1).ofMaxSize(4))
                        .as(
                                (seed, mutations) -> {
                                    int[] f = new int[1 + 3 * mutations.size()];
                                    f[0] = seed;
                                    for (int i = 0; i < mutations.size(); i++) {
                                        System.arraycopy(mutations.get(i), 0, f, 1 + 3 * i, 3);
                                    }
                                    return f;
                                });
        return frame.list().ofSize(FRAMES_PER_TRY);
    }

    @Property(tries = 2_000) // × 50 frames: 100,000 per run
    void everyMutatedFrameIsAccountedForAndEveryTradeIsWritable(
            @ForAll("frames") List<int[]> frames) {
        FrameDecoder decoder = new FrameDecoder();
        Map<String, IdDeduper.Mark> highest = new HashMap<>();
        Map<String, MapBlocks> blocks = new HashMap<>();
        HELD.clear();
        long watermark = Long.MIN_VALUE;
        long events = 0;
        long trades = 0;
        long quotes = 0;
        long control = 0;
        long gaps = 0;
        long quarantined = 0;
        long kept = 0;
        long duplicates = 0;
        long late = 0;
        for (int f = 0; f < frames.size(); f++) {
            int[] spec = frames.get(f);
            Seed seed = SEEDS.get(spec[0]);
            byte[] payload = mutate(seed, spec);
            List<MarketEvent> out = new ArrayList<>();
            decoder.decode(
                    new RawFrame(seed.venue, seed.encoding, seed.origin, 1, f, RECEIVED, payload),
                    out::add);

            assertThat(out).as("events of a frame").isNotEmpty();
            assertThat(out.get(0).firstOfFrame).isTrue();
            assertThat(out.stream().filter(e -> e.firstOfFrame)).hasSize(1);
            for (MarketEvent e : out) {
                events++;
                switch (e.kind) {
                    case TRADE:
                        trades++;
                        DecodedInvariants.writable(e.trade, RECEIVED);
                        String key = e.trade.venue + "#" + e.trade.symbol;
                        if (e.trade.tradeId != Trade.NO_ID
                                && dedupe(key, e.trade.tradeId, highest, blocks)) {
                            duplicates++;
                        } else if (watermark != Long.MIN_VALUE && e.trade.tradeTime <= watermark) {
                            late++;
                        } else {
                            kept++;
                            watermark = Math.max(watermark, e.trade.tradeTime - 2_001);
                        }
                        break;
                    case QUOTE:
                        quotes++;
                        break;
                    case CONTROL:
                        control++;
                        break;
                    case GAP:
                        gaps++;
                        assertThat(e.gap.fromId).isBetween(0L, e.gap.toId);
                        break;
                    default:
                        quarantined++;
                        DecodedInvariants.fits(e.quarantined);
                }
            }
        }
        assertThat(trades + quotes + gaps + control + quarantined).isEqualTo(events);
        assertThat(kept + duplicates + late).isEqualTo(trades);
    }

    /** Applies the frame's mutations to a copy of its seed. */
    private static byte[] mutate(Seed seed, int[] spec) {
        byte[] b = seed.payload.clone();
        for (int i = 1; i + 2 < spec.length; i += 3) {
            int kind = spec[i];
            int at = b.length == 0 ? 0 : spec[i + 1] % b.length;
            int value = spec[i + 2];
            switch (kind) {
                case 0: // flip a byte
                    if (b.length > 0) {
                        b[at] = (byte) value;
                    }
                    break;
                case 1: // cut the rest
                    b = Arrays.copyOf(b, at);
                    break;
                case 2: // insert a byte
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) value;
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                    break;
                case 3: // a hostile value after a colon (JSON)
                    b = hostileValue(b, at, HOSTILE[value % HOSTILE.length]);
                    break;
                default: // drop a stretch
                    int end = Math.min(b.length, at + 1 + value % 8);
                    byte[] shorter = new byte[b.length - (end - at)];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, end, shorter, at, b.length - end);
                    b = shorter;
            }
        }
        return b;
    }

    private static byte[] hostileValue(byte[] b, int from, String value) {
        String s = new String(b, UTF_8);
        int colon = s.indexOf(':', Math.min(from, s.length()));
        if (colon < 0) {
            return b;
        }
        int end = colon + 1;
        while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return (s.substring(0, colon + 1) + value + s.substring(end)).getBytes(UTF_8);
    }

    private static boolean dedupe(
            String key, long id, Map<String, IdDeduper.Mark> marks, Map<String, MapBlocks> all) {
        IdDeduper.Mark mark = marks.computeIfAbsent(key, k -> new IdDeduper.Mark());
        MapBlocks blocks = all.computeIfAbsent(key, k -> new MapBlocks());
        MapHeld held = HELD.computeIfAbsent(key, k -> new MapHeld());
        return IdDeduper.offer(id, mark, blocks, held) == IdDeduper.Verdict.DUPLICATE;
    }

    /** Held ids per key, beside {@code dedupe}'s marks and blocks. */
    private static final Map<String, MapHeld> HELD = new java.util.HashMap<>();
}

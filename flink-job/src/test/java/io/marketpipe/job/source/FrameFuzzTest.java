package io.marketpipe.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.marketpipe.job.decode.BinanceArchiveDecoder;
import io.marketpipe.job.decode.DecodedInvariants;
import io.marketpipe.job.decode.FrameDecoder;
import io.marketpipe.job.decode.StrictUtf8;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.sinks.dynamo.DynamoEncoding;
import io.marketpipe.job.sinks.firehose.JsonLines;
import io.marketpipe.job.sinks.lake.LakeEncoding;
import io.marketpipe.job.sinks.quarantine.QuarantineJson;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fuzz targets over everything that reads outside input: the envelope reader, every frame decoder
 * and the capture-line reader. For any input: nothing is thrown, no decoder fails (the guard that
 * would catch it is never needed), each frame is accounted for once, the output is bounded by the
 * input, each input takes bounded time, quarantine records fit Kinesis and trades fit every sink.
 *
 * <p>{@code ./pipeline test} replays the committed corpus (real frames of each kind, and anything a
 * fuzzing run found) in {@code FrameFuzzTestInputs/}; {@code ./pipeline fuzz --minutes N} fuzzes
 * each target for real.
 */
class FrameFuzzTest {
    private static final long RECEIVED = 1_700_000_001_000_000L;

    /** An input that takes this long is a finding: the SBE group bomb took minutes. */
    private static final long MAX_NANOS_PER_INPUT = 2_000_000_000L;

    private final FrameDecoder decoder = new FrameDecoder();

    @FuzzTest
    void envelopeRecords(byte[] record) {
        List<MarketEvent> events =
                timed(out -> EnvelopeDeserializer.decodeRecord(decoder, record, out));
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).firstOfFrame).isTrue();
        // an envelope frame is at least a header's worth of bytes
        assertThat(events.stream().filter(e -> e.firstOfFrame).count())
                .isLessThanOrEqualTo(record.length + 1L);
        check(events, record.length);
    }

    @FuzzTest
    void binanceJsonFrames(byte[] payload) {
        frame(Venue.BINANCE, Encoding.JSON, Origin.LIVE, payload);
    }

    @FuzzTest
    void binanceSbeFrames(byte[] payload) {
        frame(Venue.BINANCE, Encoding.SBE, Origin.LIVE, payload);
    }

    @FuzzTest
    void finnhubFrames(byte[] payload) {
        frame(Venue.FINNHUB, Encoding.JSON, Origin.LIVE, payload);
    }

    @FuzzTest
    void backfillFrames(byte[] payload) {
        frame(Venue.BINANCE, Encoding.JSON, Origin.BACKFILL, payload);
    }

    @FuzzTest
    void gapMarkerFrames(byte[] payload) {
        frame(Venue.BINANCE, Encoding.JSON, Origin.GAP_MARKER, payload);
    }

    @FuzzTest
    void archiveRows(byte[] row) {
        List<MarketEvent> events =
                timed(
                        out ->
                                decoder.decodeArchiveRow(
                                        new RawFrame(
                                                Venue.BINANCE,
                                                Encoding.CSV,
                                                Origin.ARCHIVE,
                                                0,
                                                1,
                                                0,
                                                row),
                                        "BTCUSDT",
                                        row.length % 2 == 0
                                                ? BinanceArchiveDecoder.Kind.TRADES
                                                : BinanceArchiveDecoder.Kind.AGG_TRADES,
                                        out));
        oneFrame(events, row.length);
    }

    @FuzzTest
    void captureLines(FuzzedDataProvider data) {
        CaptureLine.Format format = data.pickValue(CaptureLine.Format.values());
        String line = data.consumeRemainingAsString();
        List<MarketEvent> events =
                timed(out -> decoder.decode(CaptureLine.parse(format, line, 1, RECEIVED), out));
        oneFrame(events, line.length() * 4);
    }

    /**
     * Decode, then every sink's own encoding of what came out: each lake table's Parquet writer,
     * the DynamoDB latest-price item as the SDK would send it, the quarantine stream's and
     * Firehose's JSON. The worst finding of the adversarial review (a lone surrogate in a symbol)
     * passed the decoder and failed the lake's writer, restarting the job forever.
     */
    @FuzzTest
    void sinkRecords(FuzzedDataProvider data) throws Exception {
        int kind = data.consumeInt(0, 5);
        byte[] payload = data.consumeRemainingAsBytes();
        List<MarketEvent> events =
                timed(
                        out -> {
                            if (kind == 5) {
                                decoder.decode(
                                        CaptureLine.parse(
                                                CaptureLine.Format.RECORDED,
                                                payload,
                                                1,
                                                RECEIVED + 1_000_000),
                                        out);
                                return;
                            }
                            Venue venue = kind == 2 ? Venue.FINNHUB : Venue.BINANCE;
                            Encoding encoding = kind == 1 ? Encoding.SBE : Encoding.JSON;
                            Origin origin =
                                    kind == 3
                                            ? Origin.BACKFILL
                                            : kind == 4 ? Origin.GAP_MARKER : Origin.LIVE;
                            decoder.decode(
                                    new RawFrame(venue, encoding, origin, 1, 1, RECEIVED, payload),
                                    out);
                        });
        oneFrame(events, payload.length + 64);
        LakeEncoding.write(events);
        for (MarketEvent e : events) {
            if (e.kind == MarketEvent.Kind.TRADE) {
                DynamoEncoding.latestPriceItem(e.trade);
            } else if (e.kind == MarketEvent.Kind.QUARANTINED) {
                for (byte[] json :
                        List.of(
                                new QuarantineJson().serialize(e.quarantined),
                                JsonLines.quarantine().serialize(e.quarantined))) {
                    assertThat(StrictUtf8.invalidAt(json)).isEqualTo(-1);
                    assertThat(JSON.readTree(json).get("id").asText()).isEqualTo(e.quarantined.id);
                }
            }
        }
    }

    /**
     * A genuine trade frame with the hostile edits the adversarial review found, chosen and placed
     * by the fuzzer: an invalid UTF-8 sequence (surrogate, overlong, past U+10FFFF, stray or cut
     * short), a member given twice, a member of the wrong type, another script's digit in the
     * price, a lookalike letter in the symbol, members beside a combined frame's {@code data}, and
     * an SBE root block shorter than the schema's. None may give a trade or quote other than the
     * genuine one: each edit but the wrapper's must leave the frame quarantined whole.
     */
    @FuzzTest
    void hostileEdits(FuzzedDataProvider data) {
        HostileEdits.Case c = HostileEdits.make(data);
        List<MarketEvent> genuine = new ArrayList<>();
        decoder.decode(c.frame(c.genuine), genuine::add);
        assertThat(genuine).extracting(e -> e.kind).containsOnly(c.genuineKind);
        List<MarketEvent> events = timed(out -> decoder.decode(c.frame(c.hostile), out));
        oneFrame(events, c.hostile.length);
        if (c.mustQuarantine) {
            assertThat(events)
                    .as(
                            c.edits
                                    + ": "
                                    + new String(
                                            c.hostile, java.nio.charset.StandardCharsets.UTF_8))
                    .allMatch(e -> e.kind == MarketEvent.Kind.QUARANTINED);
        } else {
            assertThat(events)
                    .as(c.edits.toString())
                    .extracting(e -> String.valueOf(e.trade) + e.quote)
                    .isEqualTo(
                            genuine.stream()
                                    .map(e -> String.valueOf(e.trade) + e.quote)
                                    .collect(java.util.stream.Collectors.toList()));
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private void frame(Venue venue, Encoding encoding, Origin origin, byte[] payload) {
        List<MarketEvent> events =
                timed(
                        out ->
                                decoder.decode(
                                        new RawFrame(
                                                venue, encoding, origin, 1, 1, RECEIVED, payload),
                                        out));
        oneFrame(events, payload.length);
    }

    /** The events {@code decode} gives for one input, which must take bounded time. */
    private static List<MarketEvent> timed(Consumer<Consumer<MarketEvent>> decode) {
        List<MarketEvent> events = new ArrayList<>();
        long start = System.nanoTime();
        decode.accept(events::add);
        bounded(start);
        return events;
    }

    /** One frame's events: its first marks it, and there are no more than its bytes. */
    private static void oneFrame(List<MarketEvent> events, int inputBytes) {
        assertThat(events).isNotEmpty();
        assertThat(events.get(0).firstOfFrame).isTrue();
        assertThat(events.stream().filter(e -> e.firstOfFrame)).hasSize(1);
        check(events, inputBytes);
    }

    private static void check(List<MarketEvent> events, int inputBytes) {
        assertThat(events.size())
                .as("output bounded by the input")
                .isLessThanOrEqualTo(inputBytes + 1);
        for (MarketEvent e : events) {
            DecodedInvariants.check(List.of(e), e.frame.receivedMicros);
        }
    }

    private static void bounded(long startNanos) {
        assertThat(System.nanoTime() - startNanos)
                .as("time for one input")
                .isLessThan(MAX_NANOS_PER_INPUT);
    }
}

package io.marketpipe.bench;

import io.marketpipe.job.decode.FrameDecoder;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.EnvelopeReader;
import io.marketpipe.schemas.envelope.EnvelopeWriter;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import io.marketpipe.schemas.sbe.binance.BoolEnum;
import io.marketpipe.schemas.sbe.binance.MessageHeaderEncoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What decoding costs per trade (and unpacking per frame), on frames as the venues send them: a
 * Binance combined-stream JSON trade, an SBE trades event of {@value #SBE_TRADES} trades (per
 * trade), and an envelope record of {@value #ENVELOPE_FRAMES} frames unpacked into the job's {@link
 * RawFrame}s (per frame). Run with {@code -prof gc} for bytes allocated per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecodeBenchmark {
    static final int SBE_TRADES = 8;
    static final int ENVELOPE_FRAMES = 50;
    private static final long T0 = 1_700_000_000_000L;

    private final FrameDecoder decoder = new FrameDecoder();
    private RawFrame json;
    private RawFrame sbe;
    private byte[] envelope;
    private Blackhole sink;
    private final Consumer<MarketEvent> out = e -> sink.consume(e);

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        byte[] trade =
                ("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1700000000123,"
                                + "\"s\":\"BTCUSDT\",\"t\":3456789012,\"p\":\"68000.12000000\","
                                + "\"q\":\"0.00150000\",\"T\":1700000000122,\"m\":true,\"M\":true}}")
                        .getBytes(StandardCharsets.UTF_8);
        long received = (T0 + 200) * 1_000;
        json = new RawFrame(Venue.BINANCE, Encoding.JSON, Origin.LIVE, 1, 1, received, trade);
        sbe = new RawFrame(Venue.BINANCE, Encoding.SBE, Origin.LIVE, 1, 1, received, sbeTrades());
        EnvelopeWriter writer = new EnvelopeWriter(8192);
        for (int i = 0; i < ENVELOPE_FRAMES; i++) {
            writer.append(
                    Venue.BINANCE,
                    Encoding.JSON,
                    Origin.LIVE,
                    1,
                    i,
                    received,
                    trade,
                    0,
                    trade.length);
        }
        envelope = writer.toByteArray();
    }

    private static byte[] sbeTrades() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        MessageHeaderEncoder header = new MessageHeaderEncoder();
        TradesStreamEventEncoder e =
                new TradesStreamEventEncoder().wrapAndApplyHeader(buffer, 0, header);
        e.eventTime(T0 * 1000 + 5)
                .transactTime(T0 * 1000)
                .priceExponent((byte) -2)
                .qtyExponent((byte) -8);
        TradesStreamEventEncoder.TradesEncoder g = e.tradesCount(SBE_TRADES);
        for (int i = 0; i < SBE_TRADES; i++) {
            g.next()
                    .id(3_456_789_012L + i)
                    .price(6_800_012L + i)
                    .qty(150_000L + i)
                    .isBuyerMaker(i % 2 == 0 ? BoolEnum.True : BoolEnum.False);
        }
        e.symbol("BTCUSDT");
        return Arrays.copyOf(
                buffer.byteArray(), MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    /** One Binance JSON trade frame to one exact trade. */
    @Benchmark
    public void binanceJsonTrade() {
        decoder.decode(json, out);
    }

    /** Per trade of an SBE trades event. */
    @Benchmark
    @OperationsPerInvocation(SBE_TRADES)
    public void binanceSbeTrade() {
        decoder.decode(sbe, out);
    }

    /** Per frame: an envelope record unpacked into the job's raw frames (not decoded). */
    @Benchmark
    @OperationsPerInvocation(ENVELOPE_FRAMES)
    public void envelopeFrame() throws Exception {
        EnvelopeReader.read(
                envelope,
                (venue, encoding, origin, connectionId, sequence, receivedMicros, buf, off, len) ->
                        sink.consume(
                                RawFrame.fromEnvelope(
                                        venue,
                                        encoding,
                                        origin,
                                        connectionId,
                                        sequence,
                                        receivedMicros,
                                        buf,
                                        off,
                                        len)));
    }
}

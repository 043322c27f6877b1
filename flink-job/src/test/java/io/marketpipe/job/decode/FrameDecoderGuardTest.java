package io.marketpipe.job.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nothing that arrives from outside may throw out of the decoder: an unexpected exception while
 * decoding one frame quarantines that frame as MALFORMED, naming the exception, and drops whatever
 * the frame had made before it failed, so the frame is counted once.
 */
class FrameDecoderGuardTest {
    private static final RawFrame FRAME =
            new RawFrame(
                    Venue.BINANCE,
                    Encoding.JSON,
                    Origin.LIVE,
                    1,
                    9,
                    1_700_000_001_000_000L,
                    "{\"e\":\"trade\"}".getBytes(UTF_8));

    /** A decoder whose venue decoder emits one trade, then fails with {@code failure}. */
    private static FrameDecoder failingWith(Throwable failure) {
        return new FrameDecoder() {
            @Override
            void dispatch(RawFrame frame, Emitter emitter) {
                emitter.trade(
                        new Trade(
                                Venue.BINANCE,
                                "BTCUSDT",
                                7,
                                100,
                                100,
                                1_700_000_000_000L,
                                1_700_000_000_000L,
                                false,
                                frame.receivedMicros,
                                frame.origin));
                if (failure instanceof RuntimeException) {
                    throw (RuntimeException) failure;
                }
                throw (Error) failure;
            }
        };
    }

    @Test
    void anUnexpectedExceptionQuarantinesTheWholeFrameOnce() {
        List<MarketEvent> out = new ArrayList<>();
        failingWith(new IllegalStateException("boom")).decode(FRAME, out::add);

        assertThat(out).hasSize(1);
        MarketEvent event = out.get(0);
        assertThat(event.kind).isEqualTo(MarketEvent.Kind.QUARANTINED);
        assertThat(event.firstOfFrame).isTrue();
        assertThat(event.quarantined.reason).isEqualTo(ReasonCode.MALFORMED);
        assertThat(event.quarantined.detail)
                .contains("java.lang.IllegalStateException")
                .contains("boom");
        assertThat(event.quarantined.raw).isEqualTo(FRAME.payload);
    }

    @Test
    void aStackOverflowIsQuarantinedToo() {
        List<MarketEvent> out = new ArrayList<>();
        failingWith(new StackOverflowError()).decode(FRAME, out::add);
        assertThat(out)
                .singleElement()
                .satisfies(e -> assertThat(e.quarantined.detail).contains("StackOverflowError"));
    }

    @Test
    void theNextFrameDecodesNormally() {
        FrameDecoder decoder = failingWith(new IllegalArgumentException());
        decoder.decode(FRAME, e -> {});
        List<MarketEvent> out = new ArrayList<>();
        new FrameDecoder()
                .decode(
                        new RawFrame(
                                Venue.BINANCE,
                                Encoding.JSON,
                                Origin.LIVE,
                                1,
                                10,
                                1_700_000_001_000_000L,
                                ("{\"e\":\"trade\",\"E\":1700000000000,\"s\":\"BTCUSDT\",\"t\":8,"
                                                + "\"p\":\"1\",\"q\":\"1\",\"T\":1700000000000,"
                                                + "\"m\":true}")
                                        .getBytes(UTF_8)),
                        out::add);
        assertThat(out).extracting(e -> e.kind).containsExactly(MarketEvent.Kind.TRADE);
    }
}

package io.marketpipe.job.source;

import io.marketpipe.job.decode.FrameDecoder;
import io.marketpipe.job.decode.ReceiveTimes;
import io.marketpipe.job.decode.TradeRules;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.schemas.envelope.EnvelopeException;
import io.marketpipe.schemas.envelope.EnvelopeReader;
import java.util.function.Consumer;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Unpacks the forwarder's envelope records and decodes each frame, inside the source, so the source
 * can track watermarks per shard from trade times. A record that is not a valid envelope becomes
 * one MALFORMED quarantine event: nothing read from the stream is lost.
 */
public final class EnvelopeDeserializer implements DeserializationSchema<MarketEvent> {
    private static final long serialVersionUID = 1L;

    private final TradeRules rules;
    private transient FrameDecoder decoder;

    /** With the default live bounds of {@code bars / trade-time.*}. */
    public EnvelopeDeserializer() {
        this(TradeRules.DEFAULTS);
    }

    public EnvelopeDeserializer(TradeRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(InitializationContext context) {
        decoder = new FrameDecoder(rules);
    }

    @Override
    public void deserialize(byte[] record, Collector<MarketEvent> out) {
        if (decoder == null) {
            decoder = new FrameDecoder(rules);
        }
        decodeRecord(decoder, record, out::collect);
    }

    /**
     * Decodes every frame of one Kinesis record; a record that is not an envelope, or an envelope
     * without frames, becomes one MALFORMED event.
     */
    static void decodeRecord(FrameDecoder decoder, byte[] record, Consumer<MarketEvent> out) {
        long readMicros = System.currentTimeMillis() * 1_000;
        try {
            int frames =
                    EnvelopeReader.read(
                            record,
                            (venue,
                                    encoding,
                                    origin,
                                    connectionId,
                                    sequence,
                                    receivedMicros,
                                    buf,
                                    off,
                                    len) -> {
                                RawFrame frame =
                                        RawFrame.fromEnvelope(
                                                venue,
                                                encoding,
                                                origin,
                                                connectionId,
                                                sequence,
                                                receivedMicros,
                                                buf,
                                                off,
                                                len);
                                // a receive time the forwarder cannot have stamped is never
                                // trusted: the trades' far-future bound is measured from it
                                frame.unreadable = ReceiveTimes.fault(receivedMicros, readMicros);
                                decoder.decode(frame, out);
                            });
            if (frames == 0) { // the forwarder never sends one: the record must not vanish
                decoder.decode(
                        RawFrame.unreadable(
                                record,
                                "an envelope with no frames",
                                System.currentTimeMillis() * 1_000),
                        out);
            }
        } catch (EnvelopeException e) {
            decoder.decode(
                    RawFrame.unreadable(
                            record,
                            "not a forwarder envelope: " + e.getMessage(),
                            System.currentTimeMillis() * 1_000),
                    out);
        } catch (RuntimeException e) { // the reader's own bug: the record still is not lost
            decoder.decode(
                    RawFrame.unreadable(
                            record,
                            "the envelope reader failed: " + e,
                            System.currentTimeMillis() * 1_000),
                    out);
        }
    }

    @Override
    public MarketEvent deserialize(byte[] message) {
        throw new UnsupportedOperationException(
                "one record holds many frames: use deserialize(byte[], Collector)");
    }

    @Override
    public boolean isEndOfStream(MarketEvent nextElement) {
        return false;
    }

    @Override
    public TypeInformation<MarketEvent> getProducedType() {
        return TypeInformation.of(MarketEvent.class);
    }
}

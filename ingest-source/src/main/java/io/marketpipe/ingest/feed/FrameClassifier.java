package io.marketpipe.ingest.feed;

import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.symbol.Symbols;
import java.util.function.Consumer;

/** Names a received frame's encoding and partition-key symbol, cheaply, without decoding it. */
public interface FrameClassifier {
    /** Symbol for the partition key of a text frame ({@code _} when it names none). */
    String textSymbol(byte[] frame);

    /** Symbol for the partition key of a binary frame ({@code _} when it names none). */
    String binarySymbol(byte[] frame);

    default Encoding binaryEncoding() {
        return Encoding.SBE;
    }

    /**
     * Gives {@code out} each of {@link FeedSpec#streams()} that this frame carries market data for
     * (nothing for acks, pings and garbage). Called only while a replacement connection proves
     * itself, so it may be slower than the partition-key methods.
     */
    void streamsIn(byte[] frame, boolean binary, Consumer<String> out);

    /**
     * The partition-key symbol of the frames that carry one of {@link FeedSpec#streams()}: what
     * {@link #textSymbol} or {@link #binarySymbol} returns for them. By default the stream's name
     * before any {@code @}, its ASCII letters upper-cased ({@code btcusdt@trade} -> {@code
     * BTCUSDT}).
     */
    default String streamSymbol(String stream) {
        int at = stream.indexOf('@');
        return Symbols.fromStreamName(at < 0 ? stream : stream.substring(0, at));
    }
}

package io.marketpipe.ingest.feed;

import io.marketpipe.schemas.envelope.Encoding;

/** Names a received frame's encoding and partition-key symbol, cheaply, without decoding it. */
public interface FrameClassifier {
    /** Symbol for the partition key of a text frame ({@code _} when it names none). */
    String textSymbol(byte[] frame);

    /** Symbol for the partition key of a binary frame ({@code _} when it names none). */
    String binarySymbol(byte[] frame);

    default Encoding binaryEncoding() {
        return Encoding.SBE;
    }
}

package io.marketpipe.ingest.feed.binance;

import io.marketpipe.schemas.sbe.SbeGroups;
import io.marketpipe.schemas.sbe.binance.BestBidAskStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.DepthDiffStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.DepthSnapshotStreamEventDecoder;
import io.marketpipe.schemas.sbe.binance.MessageHeaderDecoder;
import io.marketpipe.schemas.sbe.binance.TradesStreamEventDecoder;
import io.marketpipe.schemas.symbol.Symbols;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The symbol of a Binance SBE frame, for its partition key, with the generated flyweights: checks
 * the schema id before dispatch and walks groups by their declared block lengths. Anything it
 * cannot read gets the placeholder symbol; the job decides what the frame is. Not thread-safe.
 */
public final class BinanceSbeFrames {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final TradesStreamEventDecoder trades = new TradesStreamEventDecoder();
    private final BestBidAskStreamEventDecoder bestBidAsk = new BestBidAskStreamEventDecoder();
    private final DepthSnapshotStreamEventDecoder snapshot = new DepthSnapshotStreamEventDecoder();
    private final DepthDiffStreamEventDecoder diff = new DepthDiffStreamEventDecoder();

    /**
     * The stream a market-data frame belongs to, as Binance names it: {@code btcusdt@trade},
     * {@code @bestBidAsk}, {@code @depth20} (snapshots) or {@code @depth} (diffs); null when it
     * cannot be read.
     */
    public String stream(byte[] frame) {
        String symbol = symbol(frame);
        if (BinanceFrames.NO_SYMBOL.equals(symbol)) {
            return null;
        }
        String kind;
        switch (header.templateId()) {
            case TradesStreamEventDecoder.TEMPLATE_ID:
                kind = "trade";
                break;
            case BestBidAskStreamEventDecoder.TEMPLATE_ID:
                kind = "bestBidAsk";
                break;
            case DepthSnapshotStreamEventDecoder.TEMPLATE_ID:
                kind = "depth20";
                break;
            default:
                kind = "depth";
        }
        return Symbols.streamName(symbol) + "@" + kind;
    }

    public String symbol(byte[] frame) {
        if (frame.length < MessageHeaderDecoder.ENCODED_LENGTH) {
            return BinanceFrames.NO_SYMBOL;
        }
        buffer.wrap(frame);
        header.wrap(buffer, 0);
        if (header.schemaId() != TradesStreamEventDecoder.SCHEMA_ID) {
            return BinanceFrames.NO_SYMBOL;
        }
        int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        int blockLength = header.blockLength();
        int version = header.version();
        try {
            switch (header.templateId()) {
                case TradesStreamEventDecoder.TEMPLATE_ID:
                    trades.wrap(buffer, offset, blockLength, version);
                    TradesStreamEventDecoder.TradesDecoder entries = trades.trades();
                    if (SbeGroups.unfit(
                                    entries.count(),
                                    entries.actingBlockLength(),
                                    TradesStreamEventDecoder.TradesDecoder.sbeBlockLength(),
                                    frame.length - trades.limit())
                            != null) {
                        return BinanceFrames.NO_SYMBOL; // the job quarantines it
                    }
                    for (TradesStreamEventDecoder.TradesDecoder t = entries; t.hasNext(); ) {
                        t.next();
                    }
                    return checked(trades.symbol());
                case BestBidAskStreamEventDecoder.TEMPLATE_ID:
                    bestBidAsk.wrap(buffer, offset, blockLength, version);
                    return checked(bestBidAsk.symbol());
                case DepthSnapshotStreamEventDecoder.TEMPLATE_ID:
                    snapshot.wrap(buffer, offset, blockLength, version);
                    snapshot.bids().forEachRemaining(b -> {});
                    snapshot.asks().forEachRemaining(a -> {});
                    return checked(snapshot.symbol());
                case DepthDiffStreamEventDecoder.TEMPLATE_ID:
                    diff.wrap(buffer, offset, blockLength, version);
                    diff.bids().forEachRemaining(b -> {});
                    diff.asks().forEachRemaining(a -> {});
                    return checked(diff.symbol());
                default:
                    return BinanceFrames.NO_SYMBOL;
            }
        } catch (IndexOutOfBoundsException | IllegalStateException truncated) {
            return BinanceFrames.NO_SYMBOL;
        }
    }

    private static String checked(String symbol) {
        return symbol.isEmpty() || symbol.length() > 32 ? BinanceFrames.NO_SYMBOL : symbol;
    }
}

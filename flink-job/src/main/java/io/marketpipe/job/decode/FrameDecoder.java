package io.marketpipe.job.decode;

import io.marketpipe.job.model.AggTrade;
import io.marketpipe.job.model.BookUpdate;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decodes any frame into at least one {@link MarketEvent}, picking the decoder by venue, encoding
 * and origin. Gap markers become {@link Gap}s: what backfill could not recover. Plain Java; not
 * thread-safe.
 */
public class FrameDecoder {
    private final BinanceJsonDecoder binanceJson;
    private final BinanceSbeDecoder binanceSbe;
    private final BinanceRestDecoder binanceRest;
    private final FinnhubDecoder finnhub;
    private final BinanceArchiveDecoder archive;
    private final GapMarkerDecoder gapMarkers = new GapMarkerDecoder();
    private final List<MarketEvent> pending = new ArrayList<>();

    /** With the default live bounds of trade times around receive times. */
    public FrameDecoder() {
        this(TradeRules.DEFAULTS);
    }

    public FrameDecoder(TradeRules rules) {
        binanceJson = new BinanceJsonDecoder(rules);
        binanceSbe = new BinanceSbeDecoder(rules);
        binanceRest = new BinanceRestDecoder(rules);
        finnhub = new FinnhubDecoder(rules);
        archive = new BinanceArchiveDecoder(rules);
    }

    /**
     * Decodes {@code frame} into at least one event. Never throws: an unexpected exception while
     * decoding drops what the frame had made so far and quarantines the whole frame as MALFORMED,
     * naming the exception, so one hostile frame can never stop the job.
     */
    public void decode(RawFrame frame, Consumer<MarketEvent> out) {
        guarded(frame, out, emitter -> dispatch(frame, emitter));
    }

    private void guarded(RawFrame frame, Consumer<MarketEvent> out, Consumer<Emitter> decode) {
        pending.clear();
        try {
            Emitter emitter = new Emitter(frame, pending::add);
            decode.accept(emitter);
            emitter.finish();
        } catch (RuntimeException | StackOverflowError e) {
            pending.clear();
            Emitter emitter = new Emitter(frame, pending::add);
            emitter.quarantine(ReasonCode.MALFORMED, failure(e));
            emitter.finish();
        }
        for (MarketEvent event : pending) {
            out.accept(event);
        }
        pending.clear();
    }

    static String failure(Throwable e) {
        return "the decoder failed on this frame: "
                + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Decodes with the decoder for the frame's venue, encoding and origin. */
    void dispatch(RawFrame frame, Emitter emitter) {
        if (frame.unreadable != null) {
            emitter.quarantine(ReasonCode.MALFORMED, frame.unreadable);
            return;
        }
        boolean binance = frame.venue == Venue.BINANCE;
        boolean json = frame.encoding == Encoding.JSON;
        if (frame.origin == Origin.GAP_MARKER) {
            gapMarkers.decode(frame, emitter);
        } else if (binance && json && frame.origin == Origin.BACKFILL) {
            binanceRest.decode(frame, emitter);
        } else if (binance && json) {
            binanceJson.decode(frame, emitter);
        } else if (binance && frame.encoding == Encoding.SBE) {
            binanceSbe.decode(frame, emitter);
        } else if (frame.venue == Venue.FINNHUB && json) {
            finnhub.decode(frame, emitter);
        } else {
            emitter.quarantine(
                    ReasonCode.UNKNOWN_MESSAGE,
                    "no decoder for " + frame.venue + "/" + frame.encoding);
        }
    }

    /**
     * A row of a Binance history file, guarded like {@link #decode}, whose symbol and kind come
     * from the file's name.
     */
    public void decodeArchiveRow(
            RawFrame frame,
            String symbol,
            BinanceArchiveDecoder.Kind kind,
            Consumer<MarketEvent> out) {
        guarded(frame, out, emitter -> archive.decode(frame, symbol, kind, emitter));
    }

    /**
     * The most quarantine records one frame gives; its further bad elements are counted by reason
     * and summed up in one more record, so a 1 MiB frame of 350,000 bad elements costs one pass and
     * {@value} records, not 350,000.
     */
    public static final int MAX_RECORDS_PER_FRAME = 100;

    static final class Emitter implements DecodeSink {
        private final RawFrame frame;
        private final Consumer<MarketEvent> out;
        private boolean first = true;
        private boolean rawSent;
        private int records;
        private long omitted;
        private ReasonCode firstOmitted;
        private Map<ReasonCode, Long> omittedByReason;

        Emitter(RawFrame frame, Consumer<MarketEvent> out) {
            this.frame = frame;
            this.out = out;
        }

        @Override
        public void trade(Trade trade) {
            emit(MarketEvent.trade(trade));
        }

        @Override
        public void quote(Quote quote) {
            emit(MarketEvent.quote(quote));
        }

        @Override
        public void book(BookUpdate update) {
            emit(MarketEvent.book(update));
        }

        @Override
        public void aggTrade(AggTrade aggTrade) {
            emit(MarketEvent.aggTrade(aggTrade));
        }

        @Override
        public void kline(Kline kline) {
            emit(MarketEvent.kline(kline));
        }

        @Override
        public void gap(Gap gap) {
            emit(MarketEvent.gap(gap));
        }

        @Override
        public void control() {
            emit(MarketEvent.control());
        }

        @Override
        public void quarantine(ReasonCode reason, String detail) {
            if (records == MAX_RECORDS_PER_FRAME) {
                if (omitted++ == 0) {
                    firstOmitted = reason;
                    omittedByReason = new EnumMap<>(ReasonCode.class);
                }
                omittedByReason.merge(reason, 1L, Long::sum);
                return;
            }
            records++;
            record(reason, detail);
        }

        /** Sums up the bad elements past {@link #MAX_RECORDS_PER_FRAME} in one record. */
        void finish() {
            if (omitted > 0) {
                record(
                        firstOmitted,
                        omitted
                                + " more bad elements of this frame, past the first "
                                + MAX_RECORDS_PER_FRAME
                                + " recorded one by one: "
                                + omittedByReason);
            }
        }

        private void record(ReasonCode reason, String detail) {
            Quarantined q;
            if (rawSent) {
                // a batch with many bad elements: the bytes travel once, with the first record;
                // the note goes into the detail before it is capped
                q =
                        Quarantined.of(
                                frame,
                                reason,
                                detail
                                        + " (the raw frame is in the first record of this frame,"
                                        + " sequence "
                                        + frame.sequence
                                        + ")");
                q.raw = new byte[0];
            } else {
                q = Quarantined.of(frame, reason, detail);
            }
            rawSent = true;
            emit(MarketEvent.quarantined(q));
        }

        private void emit(MarketEvent event) {
            event.firstOfFrame = first;
            event.frame = frame;
            first = false;
            out.accept(event);
        }
    }
}

package io.marketpipe.job.model;

/**
 * What one frame decodes to: a trade, a quote, a book update, an aggregate trade, a kline, a known
 * gap, a control frame, or a quarantine record. A Flink POJO; the source emits these so watermarks
 * can be taken from trade times per shard. {@code firstOfFrame} marks the first event of each
 * frame, so frames are counted exactly once.
 */
public class MarketEvent {
    public Kind kind;
    public Trade trade;
    public Quote quote;
    public BookUpdate book;
    public AggTrade aggTrade;
    public Kline kline;
    public Quarantined quarantined;
    public Gap gap;
    public boolean firstOfFrame;

    /**
     * The frame this event was decoded from. Source and decode are chained with object reuse, so
     * this is a reference, not a copy.
     */
    public RawFrame frame;

    /** Kinds of decoded event. */
    public enum Kind {
        TRADE,
        QUOTE,
        BOOK,
        AGG_TRADE,
        KLINE,
        GAP,
        CONTROL,
        QUARANTINED
    }

    public MarketEvent() {}

    public static MarketEvent trade(Trade trade) {
        MarketEvent e = new MarketEvent();
        e.kind = Kind.TRADE;
        e.trade = trade;
        return e;
    }

    public static MarketEvent quote(Quote quote) {
        MarketEvent e = new MarketEvent();
        e.kind = Kind.QUOTE;
        e.quote = quote;
        return e;
    }

    public static MarketEvent book(BookUpdate book) {
        MarketEvent e = new MarketEvent();
        e.kind = Kind.BOOK;
        e.book = book;
        return e;
    }

    public static MarketEvent aggTrade(AggTrade aggTrade) {
        MarketEvent e = new MarketEvent();
        e.kind = Kind.AGG_TRADE;
        e.aggTrade = aggTrade;
        return e;
    }

    public static MarketEvent kline(Kline kline) {
        MarketEvent e = new MarketEvent();
        e.kind = Kind.KLINE;
        e.kline = kline;
        return e;
    }

    public static MarketEvent gap(Gap gap) {
        MarketEvent e = new MarketEvent();
        e.kind = Kind.GAP;
        e.gap = gap;
        return e;
    }

    public static MarketEvent control() {
        MarketEvent e = new MarketEvent();
        e.kind = Kind.CONTROL;
        return e;
    }

    public static MarketEvent quarantined(Quarantined q) {
        MarketEvent e = new MarketEvent();
        e.kind = Kind.QUARANTINED;
        e.quarantined = q;
        return e;
    }

    /** Whether the event moves event time: a trade or an aggregate of trades. */
    public boolean movesTime() {
        return kind == Kind.TRADE || kind == Kind.AGG_TRADE;
    }

    /** Event time for watermarks: a trade's or an aggregate's trade time; others do not move it. */
    public long eventTime() {
        if (kind == Kind.TRADE) {
            return trade.tradeTime;
        }
        return kind == Kind.AGG_TRADE ? aggTrade.tradeTime : Long.MIN_VALUE;
    }
}

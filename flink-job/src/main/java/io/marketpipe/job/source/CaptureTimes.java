package io.marketpipe.job.source;

import io.marketpipe.job.model.MarketEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Dates the events of a capture line that carry no time of their own (a spot bookTicker, a REST
 * depth snapshot) when the capture has no receive times either: each takes the event time of the
 * last timed event before it in the capture, or of the first after it when none came before. Never
 * the time the replay reads it, or a capture from 2021 would put its quotes in 2026 and make its
 * own trades late. Events of captures that record receive times pass as they are. Plain Java.
 */
final class CaptureTimes {
    private long lastTimed = Long.MIN_VALUE;

    /** Untimed events read before any timed one, in order. */
    private final List<MarketEvent> waiting = new ArrayList<>();

    /** Passes {@code event} on, dated, or holds it until a time is known. */
    void dated(MarketEvent event, Consumer<MarketEvent> out) {
        long own = ownTime(event);
        if (own != Long.MIN_VALUE) {
            lastTimed = own;
            for (MarketEvent w : waiting) {
                date(w, own);
                out.accept(w);
            }
            waiting.clear();
            out.accept(event);
            return;
        }
        if (!untimed(event)) {
            out.accept(event);
        } else if (lastTimed != Long.MIN_VALUE) {
            date(event, lastTimed);
            out.accept(event);
        } else {
            waiting.add(event);
        }
    }

    /** End of the capture: what still waits has no time to take, and keeps its read time. */
    void flush(Consumer<MarketEvent> out) {
        waiting.forEach(out);
        waiting.clear();
    }

    /** Whether the event's time is only when the reader read its line. */
    private static boolean untimed(MarketEvent e) {
        if (e.frame == null || !e.frame.receiveTimeIsReadTime) {
            return false;
        }
        switch (e.kind) {
            case QUOTE:
                return e.quote.timeFromReceipt;
            case BOOK:
                return e.book.timeFromReceipt;
            default:
                return false;
        }
    }

    private static long ownTime(MarketEvent e) {
        switch (e.kind) {
            case TRADE:
                return e.trade.tradeTime;
            case BOOK:
                return e.book.timeFromReceipt ? Long.MIN_VALUE : e.book.eventTime;
            case QUOTE:
                return e.quote.timeFromReceipt ? Long.MIN_VALUE : e.quote.eventTime;
            case AGG_TRADE:
                return e.aggTrade.tradeTime;
            case KLINE:
                return e.kline.eventTime;
            default:
                return Long.MIN_VALUE;
        }
    }

    private static void date(MarketEvent e, long millis) {
        if (e.kind == MarketEvent.Kind.QUOTE) {
            e.quote.eventTime = millis;
        } else {
            e.book.eventTime = millis;
        }
    }
}

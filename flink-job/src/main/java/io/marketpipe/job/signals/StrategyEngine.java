package io.marketpipe.job.signals;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Fill;
import io.marketpipe.job.model.RoundTrip;
import io.marketpipe.job.model.Signal;
import io.marketpipe.job.positions.Execution;
import java.io.Serializable;

/**
 * Runs one {@link StrategySpec} over one symbol's closed bars, in event-time order, with no
 * look-ahead. Per bar:
 *
 * <ol>
 *   <li>an order decided at the previous bar's close fills at this bar's open;
 *   <li>an open position's stop and target are checked against this bar: a bar that opens through a
 *       level fills at the open, one that touches it fills at the level, and when a bar touches
 *       both the stop and the target, the stop wins (whatever opened first through its level is not
 *       ambiguous);
 *   <li>at the close the entry rule and the exits that need a close (ma-cross down, maximum holding
 *       time) decide, and the decision waits for the next open (or, with {@link
 *       FillTiming#SIGNAL_CLOSE}, fills at this close);
 *   <li>the book is marked at the close.
 * </ol>
 *
 * Bars exist only where trades happened; a bar missing for lack of trades is skipped, not invented:
 * "the last N bars" are the last N that traded, and a pending order fills at the next bar that
 * exists. Plain Java: the Flink function only loads and stores the state.
 */
public final class StrategyEngine implements Serializable {
    private static final long serialVersionUID = 1L;

    private final StrategySpec spec;

    public StrategyEngine(StrategySpec spec) {
        this.spec = spec;
    }

    public StrategySpec spec() {
        return spec;
    }

    /** A fresh state for one symbol. */
    public StrategyState newState() {
        return StrategyState.forHistory(spec.history());
    }

    /**
     * Applies one closed bar. Returns false, changing nothing, for a bar not after the last one (a
     * repeat after a restart).
     */
    public boolean onBar(StrategyState s, Bar bar, StrategyOutput out) {
        if (bar.windowStart <= s.lastBarTime) {
            return false;
        }
        boolean firstBar = s.lastBarTime == Long.MIN_VALUE;
        long quantityBefore = s.quantity;
        long realizedBefore = s.realizedPnl;
        if (s.pendingSide != null) {
            execute(s, bar, bar.open, bar.windowStart, out);
        }
        if (!s.flat()) {
            checkStops(s, bar, out);
        }
        SignalReason rule = EntryRules.atClose(spec, s, bar);
        SignalReason decision = null;
        if (s.flat()
                && (rule == SignalReason.DIP
                        || rule == SignalReason.BREAKOUT
                        || rule == SignalReason.MA_CROSS_UP)) {
            decision = rule;
        } else if (!s.flat() && rule == SignalReason.MA_CROSS_DOWN) {
            decision = rule;
        } else if (!s.flat()
                && spec.maxHoldMillis > 0
                && bar.windowEnd - s.entryTime >= spec.maxHoldMillis) {
            decision = SignalReason.MAX_HOLD;
        }
        if (decision != null) {
            String side = s.flat() ? "BUY" : "SELL";
            out.signal(signal(bar, side, decision, bar.close));
            s.pendingSide = side;
            s.pendingReason = decision.name();
            s.pendingBarTime = bar.windowStart;
            s.pendingPrice = bar.close;
            if (spec.fill == FillTiming.SIGNAL_CLOSE) {
                execute(s, bar, bar.close, bar.windowEnd, out);
            }
        }
        s.lastBarTime = bar.windowStart;
        s.lastBarEnd = bar.windowEnd;
        EquityPoint point = mark(s, bar);
        point.bookChanged =
                firstBar || s.quantity != quantityBefore || s.realizedPnl != realizedBefore;
        out.equity(point);
        return true;
    }

    /** Stop-loss, trailing stop and take-profit against this bar's open, low and high. */
    private void checkStops(StrategyState s, Bar bar, StrategyOutput out) {
        long stop = Long.MIN_VALUE;
        SignalReason stopReason = null;
        if (spec.stopLossPercent != null) {
            stop = Execution.level(s.entryPrice, spec.stopLossPercent.negate());
            stopReason = SignalReason.STOP_LOSS;
        }
        if (spec.trailingStopPercent != null) {
            long trailing = Execution.level(s.highWater, spec.trailingStopPercent.negate());
            if (trailing > stop) {
                stop = trailing;
                stopReason = SignalReason.TRAILING_STOP;
            }
        }
        long target =
                spec.takeProfitPercent == null
                        ? Long.MAX_VALUE
                        : Execution.level(s.entryPrice, spec.takeProfitPercent);
        if (stopReason != null && bar.open <= stop) {
            exitNow(s, bar, stopReason, bar.open, bar.windowStart, out);
        } else if (bar.open >= target) {
            exitNow(s, bar, SignalReason.TAKE_PROFIT, bar.open, bar.windowStart, out);
        } else if (stopReason != null && bar.low <= stop) {
            exitNow(s, bar, stopReason, stop, bar.windowEnd, out); // touched both: the stop wins
        } else if (bar.high >= target) {
            exitNow(s, bar, SignalReason.TAKE_PROFIT, target, bar.windowEnd, out);
        } else {
            s.highWater = Math.max(s.highWater, bar.high);
        }
    }

    private void exitNow(
            StrategyState s,
            Bar bar,
            SignalReason reason,
            long price,
            long time,
            StrategyOutput out) {
        out.signal(signal(bar, "SELL", reason, price));
        s.pendingSide = "SELL";
        s.pendingReason = reason.name();
        s.pendingBarTime = bar.windowStart;
        s.pendingPrice = price;
        execute(s, bar, price, time, out);
    }

    /** Fills the pending order at {@code reference} (before slippage) and clears it. */
    private void execute(StrategyState s, Bar bar, long reference, long time, StrategyOutput out) {
        boolean buy = "BUY".equals(s.pendingSide);
        long quantity =
                buy
                        ? Execution.quantityFor(spec.notional, s.pendingPrice, spec.quantityStep)
                        : s.quantity;
        if (quantity > 0 && buy == s.flat()) {
            long price =
                    buy
                            ? Execution.buyPrice(reference, spec.slippageBps)
                            : Execution.sellPrice(reference, spec.slippageBps);
            Fill fill = new Fill();
            fill.strategy = spec.id;
            fill.venue = bar.venue;
            fill.symbol = bar.symbol;
            fill.side = s.pendingSide;
            fill.reason = s.pendingReason;
            fill.fillTime = time;
            fill.signalBarTime = s.pendingBarTime;
            fill.referencePrice = reference;
            fill.price = price;
            fill.quantity = quantity;
            fill.fee = Execution.fee(price, quantity, spec.feeBps);
            fill.slippage = Execution.quote(Math.abs(price - reference), quantity);
            out.fill(fill);
            s.feesPaid += fill.fee;
            if (buy) {
                s.quantity = quantity;
                s.entryPrice = price;
                s.entryTime = time;
                s.entryFee = fill.fee;
                s.highWater = price;
                s.entryReason = s.pendingReason;
            } else {
                out.roundTrip(close(s, bar, fill));
            }
        }
        s.pendingSide = null;
        s.pendingReason = null;
    }

    private RoundTrip close(StrategyState s, Bar bar, Fill exit) {
        RoundTrip t = new RoundTrip();
        t.strategy = spec.id;
        t.venue = bar.venue;
        t.symbol = bar.symbol;
        t.entryTime = s.entryTime;
        t.entryPrice = s.entryPrice;
        t.exitTime = exit.fillTime;
        t.exitPrice = exit.price;
        t.quantity = s.quantity;
        t.grossPnl =
                Execution.quote(exit.price, s.quantity) - Execution.quote(s.entryPrice, s.quantity);
        t.fees = s.entryFee + exit.fee;
        t.netPnl = t.grossPnl - t.fees;
        t.returnPercent = Execution.percentOf(t.netPnl, Execution.quote(s.entryPrice, s.quantity));
        t.holdingMillis = exit.fillTime - s.entryTime;
        t.entryReason = s.entryReason;
        t.exitReason = exit.reason;
        s.realizedPnl += t.netPnl;
        s.roundTrips++;
        s.quantity = 0;
        s.entryPrice = 0;
        s.entryTime = 0;
        s.entryFee = 0;
        s.highWater = 0;
        s.entryReason = null;
        return t;
    }

    private Signal signal(Bar bar, String side, SignalReason reason, long price) {
        Signal signal = new Signal();
        signal.strategy = spec.id;
        signal.venue = bar.venue;
        signal.symbol = bar.symbol;
        signal.interval = bar.interval;
        signal.side = side;
        signal.reason = reason.name();
        signal.barTime = bar.windowStart;
        signal.price = price;
        return signal;
    }

    private EquityPoint mark(StrategyState s, Bar bar) {
        EquityPoint p = new EquityPoint();
        p.strategy = spec.id;
        p.venue = bar.venue;
        p.symbol = bar.symbol;
        p.interval = bar.interval;
        p.intervalMillis = bar.windowEnd - bar.windowStart;
        p.barTime = bar.windowStart;
        p.position = s.quantity;
        p.averageEntry = s.entryPrice;
        p.mark = bar.close;
        p.realizedPnl = s.realizedPnl;
        p.unrealizedPnl =
                s.flat()
                        ? 0
                        : Execution.quote(bar.close, s.quantity)
                                - Execution.quote(s.entryPrice, s.quantity)
                                - s.entryFee;
        p.capital = spec.notional;
        p.equity = p.capital + p.realizedPnl + p.unrealizedPnl;
        return p;
    }
}

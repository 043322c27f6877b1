package io.marketpipe.job.sinks.lake;

import io.marketpipe.job.model.AggTrade;
import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookSnapshot;
import io.marketpipe.job.model.BookTop;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Fill;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Kline;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.Reconciliation;
import io.marketpipe.job.model.RoundTrip;
import io.marketpipe.job.model.Signal;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.lake.AggTradeRecord;
import io.marketpipe.schemas.lake.BarRecord;
import io.marketpipe.schemas.lake.BookGapRecord;
import io.marketpipe.schemas.lake.BookSnapshotRecord;
import io.marketpipe.schemas.lake.BookTopRecord;
import io.marketpipe.schemas.lake.EquityRecord;
import io.marketpipe.schemas.lake.ExchangeKlineRecord;
import io.marketpipe.schemas.lake.FillRecord;
import io.marketpipe.schemas.lake.GapRecord;
import io.marketpipe.schemas.lake.QuarantineRecord;
import io.marketpipe.schemas.lake.ReconciliationRecord;
import io.marketpipe.schemas.lake.RoundTripRecord;
import io.marketpipe.schemas.lake.SignalRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Model to lake-row conversions: exact decimals, timestamps as instants. */
final class LakeRecords {
    private LakeRecords() {}

    static BarRecord bar(Bar b) {
        return BarRecord.newBuilder()
                .setVenue(b.venue.name())
                .setSymbol(b.symbol)
                .setInterval(b.interval)
                .setWindowStart(Instant.ofEpochMilli(b.windowStart))
                .setWindowEnd(Instant.ofEpochMilli(b.windowEnd))
                .setOpen(Decimals.toBigDecimal(b.open))
                .setHigh(Decimals.toBigDecimal(b.high))
                .setLow(Decimals.toBigDecimal(b.low))
                .setClose(Decimals.toBigDecimal(b.close))
                .setVolume(b.volume)
                .setQuoteVolume(b.quoteVolume)
                .setVwap(b.vwap)
                .setTradeCount(b.tradeCount)
                .setBuyVolume(b.buyVolume)
                .setSellVolume(b.sellVolume)
                .setFirstTradeId(b.firstTradeId == Trade.NO_ID ? null : b.firstTradeId)
                .setLastTradeId(b.lastTradeId == Trade.NO_ID ? null : b.lastTradeId)
                .setBookInSyncMs(b.bookInSyncMillis)
                .setBookSpread(b.bookSpread)
                .setBookMid(b.bookMid)
                .setBookImbalance(b.bookImbalance)
                .build();
    }

    /** One row per level of each side, best first. */
    static List<BookSnapshotRecord> bookSnapshot(BookSnapshot s) {
        List<BookSnapshotRecord> rows = new ArrayList<>(s.bidPrices.length + s.askPrices.length);
        levels(s, "bid", s.bidPrices, s.bidQuantities, s.bidDepth, rows);
        levels(s, "ask", s.askPrices, s.askQuantities, s.askDepth, rows);
        return rows;
    }

    private static void levels(
            BookSnapshot s,
            String side,
            long[] prices,
            long[] quantities,
            int depth,
            List<BookSnapshotRecord> rows) {
        for (int l = 0; l < prices.length; l++) {
            rows.add(
                    BookSnapshotRecord.newBuilder()
                            .setVenue(s.venue.name())
                            .setSymbol(s.symbol)
                            .setSnapshotTime(Instant.ofEpochMilli(s.snapshotTime))
                            .setUpdateId(s.updateId)
                            .setSide(side)
                            .setLevel(l + 1)
                            .setPrice(Decimals.toBigDecimal(prices[l]))
                            .setQuantity(Decimals.toBigDecimal(quantities[l]))
                            .setSideDepth(depth)
                            .build());
        }
    }

    static SignalRecord signal(Signal s) {
        return SignalRecord.newBuilder()
                .setStrategy(s.strategy)
                .setVenue(s.venue.name())
                .setSymbol(s.symbol)
                .setInterval(s.interval)
                .setSide(s.side)
                .setReason(s.reason)
                .setBarTime(Instant.ofEpochMilli(s.barTime))
                .setPrice(Decimals.toBigDecimal(s.price))
                .build();
    }

    static FillRecord fill(Fill f) {
        return FillRecord.newBuilder()
                .setStrategy(f.strategy)
                .setVenue(f.venue.name())
                .setSymbol(f.symbol)
                .setSide(f.side)
                .setReason(f.reason)
                .setFillTime(Instant.ofEpochMilli(f.fillTime))
                .setSignalBarTime(Instant.ofEpochMilli(f.signalBarTime))
                .setReferencePrice(Decimals.toBigDecimal(f.referencePrice))
                .setPrice(Decimals.toBigDecimal(f.price))
                .setQuantity(Decimals.toBigDecimal(f.quantity))
                .setFee(Decimals.toBigDecimal(f.fee))
                .setSlippage(Decimals.toBigDecimal(f.slippage))
                .build();
    }

    static RoundTripRecord roundTrip(RoundTrip t) {
        return RoundTripRecord.newBuilder()
                .setStrategy(t.strategy)
                .setVenue(t.venue.name())
                .setSymbol(t.symbol)
                .setEntryTime(Instant.ofEpochMilli(t.entryTime))
                .setEntryPrice(Decimals.toBigDecimal(t.entryPrice))
                .setExitTime(Instant.ofEpochMilli(t.exitTime))
                .setExitPrice(Decimals.toBigDecimal(t.exitPrice))
                .setQuantity(Decimals.toBigDecimal(t.quantity))
                .setGrossPnl(Decimals.toBigDecimal(t.grossPnl))
                .setFees(Decimals.toBigDecimal(t.fees))
                .setNetPnl(Decimals.toBigDecimal(t.netPnl))
                .setReturnPct(t.returnPercent.setScale(Decimals.SCALE))
                .setHoldingMs(t.holdingMillis)
                .setEntryReason(t.entryReason)
                .setExitReason(t.exitReason)
                .build();
    }

    static EquityRecord equity(EquityPoint p) {
        return EquityRecord.newBuilder()
                .setStrategy(p.strategy)
                .setVenue(p.venue.name())
                .setSymbol(p.symbol)
                .setInterval(p.interval)
                .setIntervalMs(p.intervalMillis)
                .setBarTime(Instant.ofEpochMilli(p.barTime))
                .setPosition(Decimals.toBigDecimal(p.position))
                .setAverageEntry(p.position == 0 ? null : Decimals.toBigDecimal(p.averageEntry))
                .setMark(Decimals.toBigDecimal(p.mark))
                .setRealizedPnl(Decimals.toBigDecimal(p.realizedPnl))
                .setUnrealizedPnl(Decimals.toBigDecimal(p.unrealizedPnl))
                .setEquity(Decimals.toBigDecimal(p.equity))
                .setCapital(Decimals.toBigDecimal(p.capital))
                .build();
    }

    static QuarantineRecord quarantine(Quarantined q) {
        return QuarantineRecord.newBuilder()
                .setId(q.id)
                .setReason(q.reason.name())
                .setVenue(q.venue.name())
                .setEncoding(q.encoding.name())
                .setRaw(ByteBuffer.wrap(q.raw))
                .setDetail(q.detail)
                .setConnectionId(q.connectionId)
                .setSequence(q.sequence)
                .setIngestTime(micros(q.ingestMicros))
                .build();
    }

    static GapRecord gap(Gap g) {
        return GapRecord.newBuilder()
                .setVenue(g.venue.name())
                .setSymbol(g.symbol)
                .setFromId(g.fromId)
                .setToId(g.toId)
                .setTradeCount(g.tradeCount())
                .setReason(g.reason)
                .setConnectionId(g.connectionId)
                .setSequence(g.sequence)
                .setDetectedTime(micros(g.detectedMicros))
                .build();
    }

    static BookTopRecord bookTop(BookTop t) {
        BookTopRecord.Builder r =
                BookTopRecord.newBuilder()
                        .setVenue(t.venue.name())
                        .setSymbol(t.symbol)
                        .setUpdateId(t.updateId)
                        .setEventTime(Instant.ofEpochMilli(t.eventTime))
                        .setInSync(t.inSync)
                        .setImbalanceLevels(t.imbalanceLevels)
                        .setBidDepth(t.bidDepth)
                        .setAskDepth(t.askDepth);
        if (!t.inSync) {
            return r.build();
        }
        if (t.bidPrice > 0) {
            r.setBidPrice(Decimals.toBigDecimal(t.bidPrice))
                    .setBidQuantity(Decimals.toBigDecimal(t.bidQuantity));
        }
        if (t.askPrice > 0) {
            r.setAskPrice(Decimals.toBigDecimal(t.askPrice))
                    .setAskQuantity(Decimals.toBigDecimal(t.askQuantity));
        }
        r.setBidQuantityTopN(Decimals.toBigDecimal(t.bidQuantityTopN))
                .setAskQuantityTopN(Decimals.toBigDecimal(t.askQuantityTopN))
                .setImbalance(Decimals.imbalance(t.bidQuantityTopN, t.askQuantityTopN));
        if (t.twoSided()) {
            BigDecimal bid = Decimals.toBigDecimal(t.bidPrice);
            BigDecimal ask = Decimals.toBigDecimal(t.askPrice);
            BigDecimal bidQty = Decimals.toBigDecimal(t.bidQuantity);
            BigDecimal askQty = Decimals.toBigDecimal(t.askQuantity);
            r.setSpread(ask.subtract(bid)).setMid(Decimals.mid(t.bidPrice, t.askPrice));
            BigDecimal quantities = bidQty.add(askQty);
            if (quantities.signum() > 0) {
                r.setMicroprice(
                        bid.multiply(askQty)
                                .add(ask.multiply(bidQty))
                                .divide(quantities, Decimals.FINE_SCALE, RoundingMode.HALF_EVEN));
            }
        }
        return r.build();
    }

    static BookGapRecord bookGap(BookGap g) {
        return BookGapRecord.newBuilder()
                .setVenue(g.venue.name())
                .setSymbol(g.symbol)
                .setReason(g.reason.name())
                .setExpectedId(g.expectedId < 0 ? null : g.expectedId)
                .setSeenId(g.seenId < 0 ? null : g.seenId)
                .setOutOfSyncTime(Instant.ofEpochMilli(g.outOfSyncTime))
                .setResyncTime(
                        g.resyncTime == BookGap.NOT_RESYNCED
                                ? null
                                : Instant.ofEpochMilli(g.resyncTime))
                .setFramesSkipped(g.framesSkipped)
                .setStaleSnapshots(g.staleSnapshots)
                .build();
    }

    static AggTradeRecord aggTrade(AggTrade a) {
        return AggTradeRecord.newBuilder()
                .setVenue(a.venue.name())
                .setSymbol(a.symbol)
                .setAggId(a.aggregateId)
                .setPrice(Decimals.toBigDecimal(a.price))
                .setQuantity(Decimals.toBigDecimal(a.quantity))
                .setFirstTradeId(a.firstTradeId)
                .setLastTradeId(a.lastTradeId)
                .setTradeTime(Instant.ofEpochMilli(a.tradeTime))
                .setEventTime(Instant.ofEpochMilli(a.eventTime))
                .setBuyerIsMaker(a.buyerIsMaker)
                .build();
    }

    static ExchangeKlineRecord kline(Kline k) {
        return ExchangeKlineRecord.newBuilder()
                .setVenue(k.venue.name())
                .setSymbol(k.symbol)
                .setInterval(k.interval)
                .setOpenTime(Instant.ofEpochMilli(k.openTime))
                .setCloseTime(Instant.ofEpochMilli(k.closeTime))
                .setFirstTradeId(k.firstTradeId < 0 ? null : k.firstTradeId)
                .setLastTradeId(k.lastTradeId < 0 ? null : k.lastTradeId)
                .setOpen(Decimals.toBigDecimal(k.open))
                .setHigh(Decimals.toBigDecimal(k.high))
                .setLow(Decimals.toBigDecimal(k.low))
                .setClose(Decimals.toBigDecimal(k.close))
                .setVolume(Decimals.toBigDecimal(k.volume))
                .setQuoteVolume(new BigDecimal(k.quoteVolume))
                .setTradeCount(k.tradeCount)
                .setTakerBuyVolume(Decimals.toBigDecimal(k.takerBuyVolume))
                .setTakerBuyQuoteVolume(new BigDecimal(k.takerBuyQuoteVolume))
                .setEventTime(Instant.ofEpochMilli(k.eventTime))
                .build();
    }

    static ReconciliationRecord reconciliation(Reconciliation r) {
        return ReconciliationRecord.newBuilder()
                .setVenue(r.venue.name())
                .setSymbol(r.symbol)
                .setInterval(r.interval)
                .setWindowStart(Instant.ofEpochMilli(r.windowStart))
                .setReason(r.reason.name())
                .setField(r.field)
                .setOurs(r.ours)
                .setTheirs(r.theirs)
                .build();
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}

package io.marketpipe.job.sinks.lake;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Fill;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.RoundTrip;
import io.marketpipe.job.model.Signal;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.lake.BarRecord;
import io.marketpipe.schemas.lake.EquityRecord;
import io.marketpipe.schemas.lake.FillRecord;
import io.marketpipe.schemas.lake.GapRecord;
import io.marketpipe.schemas.lake.QuarantineRecord;
import io.marketpipe.schemas.lake.RoundTripRecord;
import io.marketpipe.schemas.lake.SignalRecord;
import java.nio.ByteBuffer;
import java.time.Instant;

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
                .build();
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

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}

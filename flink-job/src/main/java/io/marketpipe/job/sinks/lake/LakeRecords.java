package io.marketpipe.job.sinks.lake;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.lake.BarRecord;
import io.marketpipe.schemas.lake.QuarantineRecord;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Model to lake-row conversions: exact decimals, timestamps as instants. */
final class LakeRecords {
    private LakeRecords() {}

    static BarRecord bar(Bar b) {
        return BarRecord.newBuilder()
                .setVenue(b.venue)
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

    static QuarantineRecord quarantine(Quarantined q) {
        return QuarantineRecord.newBuilder()
                .setReason(q.reason)
                .setVenue(q.venue)
                .setEncoding(q.encoding)
                .setRaw(ByteBuffer.wrap(q.raw))
                .setDetail(q.detail)
                .setConnectionId(q.connectionId)
                .setSequence(q.sequence)
                .setIngestTime(micros(q.ingestMicros))
                .build();
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}

package io.marketpipe.job.bars;

import io.marketpipe.job.model.Bar;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Venue;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact OHLCV/VWAP accumulation, plain Java. Sums are 128-bit (hi, lo) so no volume overflows;
 * quote volume is price x quantity at scale 16. Open and close go by (trade time, trade id, price).
 * A Flink POJO (public long fields), so it is cheap to keep in window state.
 */
public class BarAccumulator {
    public static final int QUOTE_SCALE = 2 * Decimals.SCALE;
    public static final int VWAP_SCALE = Decimals.SCALE;

    public long count;
    public long openTime;
    public long openId;
    public long open;
    public long closeTime;
    public long closeId;
    public long close;
    public long high;
    public long low;
    public long firstId = Long.MAX_VALUE;
    public long lastId = Long.MIN_VALUE;
    public long volumeHi;
    public long volumeLo;
    public long buyHi;
    public long buyLo;
    public long quoteHi;
    public long quoteLo;

    /** The latest forwarder receive time (epoch micros) among the trades; 0 when none had one. */
    public long lastReceivedMicros;

    public BarAccumulator() {}

    public void add(Trade t) {
        if (count == 0 || before(t.tradeTime, t.tradeId, t.price, openTime, openId, open)) {
            openTime = t.tradeTime;
            openId = t.tradeId;
            open = t.price;
        }
        if (count == 0 || !before(t.tradeTime, t.tradeId, t.price, closeTime, closeId, close)) {
            closeTime = t.tradeTime;
            closeId = t.tradeId;
            close = t.price;
        }
        high = count == 0 ? t.price : Math.max(high, t.price);
        low = count == 0 ? t.price : Math.min(low, t.price);
        if (t.tradeId != Trade.NO_ID) {
            firstId = Math.min(firstId, t.tradeId);
            lastId = Math.max(lastId, t.isAggregate() ? t.lastTradeId : t.tradeId);
        }
        long vlo = volumeLo + t.quantity;
        volumeHi += carry(vlo, volumeLo);
        volumeLo = vlo;
        if (!t.buyerIsMaker) {
            long blo = buyLo + t.quantity;
            buyHi += carry(blo, buyLo);
            buyLo = blo;
        }
        long productLo = t.price * t.quantity;
        long productHi = Math.multiplyHigh(t.price, t.quantity);
        long qlo = quoteLo + productLo;
        quoteHi += productHi + carry(qlo, quoteLo);
        quoteLo = qlo;
        lastReceivedMicros = Math.max(lastReceivedMicros, t.receivedMicros);
        count += t.trades();
    }

    public void merge(BarAccumulator o) {
        if (o.count == 0) {
            return;
        }
        if (count == 0 || before(o.openTime, o.openId, o.open, openTime, openId, open)) {
            openTime = o.openTime;
            openId = o.openId;
            open = o.open;
        }
        if (count == 0 || !before(o.closeTime, o.closeId, o.close, closeTime, closeId, close)) {
            closeTime = o.closeTime;
            closeId = o.closeId;
            close = o.close;
        }
        high = count == 0 ? o.high : Math.max(high, o.high);
        low = count == 0 ? o.low : Math.min(low, o.low);
        firstId = Math.min(firstId, o.firstId);
        lastId = Math.max(lastId, o.lastId);
        long vlo = volumeLo + o.volumeLo;
        volumeHi += o.volumeHi + carry(vlo, volumeLo);
        volumeLo = vlo;
        long blo = buyLo + o.buyLo;
        buyHi += o.buyHi + carry(blo, buyLo);
        buyLo = blo;
        long qlo = quoteLo + o.quoteLo;
        quoteHi += o.quoteHi + carry(qlo, quoteLo);
        quoteLo = qlo;
        lastReceivedMicros = Math.max(lastReceivedMicros, o.lastReceivedMicros);
        count += o.count;
    }

    public Bar toBar(
            Venue venue, String symbol, String interval, long windowStart, long windowEnd) {
        Bar bar = new Bar();
        bar.venue = venue;
        bar.symbol = symbol;
        bar.interval = interval;
        bar.windowStart = windowStart;
        bar.windowEnd = windowEnd;
        bar.open = open;
        bar.high = high;
        bar.low = low;
        bar.close = close;
        bar.tradeCount = count;
        bar.volume = Decimals.fromInt128(volumeHi, volumeLo, Decimals.SCALE);
        bar.buyVolume = Decimals.fromInt128(buyHi, buyLo, Decimals.SCALE);
        bar.sellVolume = bar.volume.subtract(bar.buyVolume);
        bar.quoteVolume = Decimals.fromInt128(quoteHi, quoteLo, QUOTE_SCALE);
        bar.vwap =
                bar.volume.signum() == 0
                        ? BigDecimal.ZERO.setScale(VWAP_SCALE)
                        : bar.quoteVolume.divide(bar.volume, VWAP_SCALE, RoundingMode.HALF_EVEN);
        bar.firstTradeId = count == 0 || firstId == Long.MAX_VALUE ? Trade.NO_ID : firstId;
        bar.lastTradeId = count == 0 || lastId == Long.MIN_VALUE ? Trade.NO_ID : lastId;
        bar.lastReceivedMicros = lastReceivedMicros;
        return bar;
    }

    /**
     * Trade order for open and close: by time, then id, then price, so trades without ids (Finnhub)
     * at the same millisecond give the same bar in any order.
     */
    private static boolean before(
            long time, long id, long price, long otherTime, long otherId, long otherPrice) {
        if (time != otherTime) {
            return time < otherTime;
        }
        return id != otherId ? id < otherId : price < otherPrice;
    }

    /** 1 if the unsigned addition that produced {@code sum} from {@code previous} wrapped. */
    private static long carry(long sum, long previous) {
        return Long.compareUnsigned(sum, previous) < 0 ? 1 : 0;
    }
}

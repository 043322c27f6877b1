package io.marketpipe.ingest.backfill;

import io.marketpipe.ingest.feed.binance.BinanceFrames;
import io.marketpipe.ingest.feed.binance.BinanceSbeFrames;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.EnvelopeException;
import io.marketpipe.schemas.envelope.EnvelopeReader;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Finds each Binance symbol's last trade id in the raw stream, so a forwarder that starts again
 * knows where it left off. Kinesis cannot be read backwards, so the search reads the last minute of
 * every shard, then the three minutes before it, then the twelve before those, and so on (each read
 * stops where the previous one began) until every symbol is found, the look-back is spent or the
 * deadline passes. Live trades, backfilled pages and gap markers all count: an id a gap marker gave
 * up on is not asked for again.
 */
public final class RawStreamTail {
    private static final Logger LOG = LoggerFactory.getLogger(RawStreamTail.class);
    private static final Duration FIRST_WINDOW = Duration.ofMinutes(1);
    private static final Pattern WRAPPER =
            Pattern.compile(
                    "^\\{\"(?:backfill|gap)\":\"[a-zA-Z]+\",\"symbol\":\"([^\"\\\\]{1,80})\","
                            + "\"fromId\":\\d+,\"toId\":(\\d{1,18})");

    private final KinesisClient kinesis;
    private final String stream;
    private final LongSupplier wallMillis;

    public RawStreamTail(KinesisClient kinesis, String stream) {
        this(kinesis, stream, System::currentTimeMillis);
    }

    RawStreamTail(KinesisClient kinesis, String stream, LongSupplier wallMillis) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.wallMillis = wallMillis;
    }

    /**
     * The last trade id of each of {@code symbols} that the stream holds within {@code lookback};
     * symbols not found (no trade in that time, or the deadline passed) are missing from the map.
     * Errors reading the stream end the search with what was found so far: a forwarder still
     * starts.
     */
    public Map<String, Long> lastTradeIds(Set<String> symbols, Duration lookback, Duration deadline)
            throws InterruptedException {
        Map<String, Long> found = new HashMap<>();
        if (symbols.isEmpty() || lookback.isZero()) {
            return found;
        }
        long giveUp = System.nanoTime() + deadline.toNanos();
        long now = wallMillis.getAsLong();
        long oldest = now - lookback.toMillis();
        long end = Long.MAX_VALUE;
        long window = FIRST_WINDOW.toMillis();
        try {
            List<String> shards = shardIds();
            while (true) {
                long start = Math.max(oldest, now - window);
                for (String shard : shards) {
                    readShard(shard, start, end, symbols, found, giveUp);
                }
                if (found.keySet().containsAll(symbols)
                        || start <= oldest
                        || System.nanoTime() > giveUp) {
                    break;
                }
                end = start;
                window *= 4;
            }
        } catch (SdkException e) {
            LOG.warn("could not read the raw stream's tail: {}", e.toString());
        }
        return found;
    }

    private List<String> shardIds() {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            ListShardsResponse page =
                    kinesis.listShards(
                            token == null
                                    ? ListShardsRequest.builder().streamName(stream).build()
                                    : ListShardsRequest.builder().nextToken(token).build());
            page.shards().stream().map(Shard::shardId).forEach(ids::add);
            token = page.nextToken();
        } while (token != null);
        return ids;
    }

    /** Reads records that arrived in [start, end) on one shard into {@code found}. */
    private void readShard(
            String shard,
            long start,
            long end,
            Set<String> symbols,
            Map<String, Long> found,
            long giveUp)
            throws InterruptedException {
        String iterator =
                kinesis.getShardIterator(
                                r ->
                                        r.streamName(stream)
                                                .shardId(shard)
                                                .shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                                                .timestamp(Instant.ofEpochMilli(start)))
                        .shardIterator();
        FrameIds ids = new FrameIds(symbols, found);
        while (iterator != null && System.nanoTime() < giveUp) {
            String current = iterator;
            GetRecordsResponse page;
            try {
                page = kinesis.getRecords(r -> r.shardIterator(current).limit(10_000));
            } catch (software.amazon.awssdk.services.kinesis.model
                            .ProvisionedThroughputExceededException
                    | software.amazon.awssdk.services.kinesis.model.LimitExceededException e) {
                Thread.sleep(250); // the job reads the same shards: give way and try again
                continue;
            }
            for (Record record : page.records()) {
                if (record.approximateArrivalTimestamp().toEpochMilli() >= end) {
                    return; // the previous, later window read from here on
                }
                ids.read(record.data().asByteArrayUnsafe());
            }
            Long behind = page.millisBehindLatest();
            if (page.records().isEmpty() && (behind == null || behind == 0)) {
                return;
            }
            iterator = page.nextShardIterator();
        }
    }

    /** The Binance trade ids of envelope records, as the highest per symbol. Not thread-safe. */
    static final class FrameIds {
        private final Set<String> symbols;
        private final Map<String, Long> found;
        private final TradeIds sbeIds = new TradeIds();
        private final BinanceSbeFrames sbeFrames = new BinanceSbeFrames();

        FrameIds(Set<String> symbols, Map<String, Long> found) {
            this.symbols = symbols;
            this.found = found;
        }

        void read(byte[] record) {
            try {
                EnvelopeReader.read(
                        record,
                        (venue, encoding, origin, conn, seq, micros, buf, off, len) -> {
                            if (venue == Venue.BINANCE) {
                                frame(encoding, origin, Arrays.copyOfRange(buf, off, off + len));
                            }
                        });
            } catch (EnvelopeException e) {
                // not ours or damaged: the job quarantines it; it says nothing about trade ids
            }
        }

        private void frame(Encoding encoding, Origin origin, byte[] payload) {
            if (origin == Origin.LIVE && encoding == Encoding.JSON) {
                long id = TradeIds.jsonTradeId(payload);
                if (id >= 0) {
                    note(BinanceFrames.symbol(payload), id);
                }
            } else if (origin == Origin.LIVE && encoding == Encoding.SBE) {
                String symbol = sbeFrames.symbol(payload);
                sbeIds.sbeTradeIds(payload, id -> note(symbol, id));
            } else if (origin == Origin.BACKFILL || origin == Origin.GAP_MARKER) {
                Matcher m =
                        WRAPPER.matcher(
                                new String(
                                        payload,
                                        0,
                                        Math.min(payload.length, 300),
                                        StandardCharsets.UTF_8));
                if (m.find()) {
                    long toId = Long.parseLong(m.group(2));
                    if (origin == Origin.GAP_MARKER) {
                        note(m.group(1), toId);
                    } else {
                        long last = BinanceRestBackfill.idRange(payload, toId)[1];
                        if (last >= 0) {
                            note(m.group(1), Math.min(last, toId));
                        }
                    }
                }
            }
        }

        private void note(String symbol, long id) {
            if (symbols.contains(symbol)) {
                found.merge(symbol, id, Math::max);
            }
        }
    }
}

package io.marketpipe.ingest.kinesis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Packs frames per shard and places each symbol on one shard, so its frames stay in order while
 * records fill at the shard's rate rather than the symbol's. The record is sent with an explicit
 * hash key in the chosen shard's range.
 *
 * <p>Where a key goes: the forwarder's own symbols (the {@code placement}, in configured order) are
 * dealt round-robin over the open shards in hash-key order, key {@code i} to shard {@code i mod n}.
 * Left to the MD5 of the key, as Kinesis would place it, three symbols on four shards landed on
 * shards 0 and 2 and both went to source subtask 0 (the Flink source deals shards out in the same
 * order, {@code k mod parallelism}), so half the job idled. Dealt out, consecutive symbols reach
 * different shards and different subtasks. Any other key (acks, garbage: {@code _}) goes where its
 * MD5 falls. A changed symbol list or a reshard moves symbols to other shards; the job's per-shard
 * watermarks and dedupe absorb the move.
 */
public final class ShardRouter implements Router {
    /** An open shard's hash-key range. */
    record Range(BigInteger start, BigInteger end, String shardId) {}

    private final KinesisClient kinesis;
    private final String stream;
    private final Map<String, Integer> placement;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private volatile List<Range> ranges;

    private ShardRouter(
            KinesisClient kinesis, String stream, List<Range> ranges, List<String> placement) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.ranges = ranges;
        Map<String, Integer> order = new HashMap<>();
        for (String key : placement) {
            order.putIfAbsent(key, order.size());
        }
        this.placement = Map.copyOf(order);
    }

    /**
     * A router over the stream's open shards.
     *
     * @param placement partition keys to deal round-robin over the shards, in this order
     */
    public static ShardRouter load(KinesisClient kinesis, String stream, List<String> placement) {
        return new ShardRouter(kinesis, stream, openShards(kinesis, stream), placement);
    }

    /** For tests: a router over given ranges. */
    static ShardRouter of(List<Range> ranges, List<String> placement) {
        return new ShardRouter(null, null, sorted(ranges), placement);
    }

    /** Re-reads the shards (after a reshard); later frames follow the new layout. */
    public void refresh() {
        List<Range> fresh = openShards(kinesis, stream);
        if (!fresh.equals(ranges)) {
            ranges = fresh;
            routes.clear();
        }
    }

    @Override
    public Route route(String partitionKey) {
        return routes.computeIfAbsent(partitionKey, this::compute);
    }

    private Route compute(String partitionKey) {
        List<Range> open = ranges;
        Integer position = placement.get(partitionKey);
        if (position != null) {
            Range r = open.get(position % open.size());
            return new Route(r.shardId(), r.shardId(), r.start().toString());
        }
        BigInteger hash = md5(partitionKey);
        for (Range r : open) {
            if (hash.compareTo(r.start()) >= 0 && hash.compareTo(r.end()) <= 0) {
                return new Route(r.shardId(), r.shardId(), r.start().toString());
            }
        }
        return Route.byKey(
                partitionKey); // no open shard covers it (mid-reshard): let Kinesis route it
    }

    static BigInteger md5(String partitionKey) {
        try {
            return new BigInteger(
                    1,
                    MessageDigest.getInstance("MD5")
                            .digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }

    private static List<Range> openShards(KinesisClient kinesis, String stream) {
        List<Range> ranges = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            var response =
                    token == null
                            ? kinesis.listShards(r -> r.streamName(stream))
                            : kinesis.listShards(r -> r.nextToken(token));
            for (Shard shard : response.shards()) {
                if (shard.sequenceNumberRange().endingSequenceNumber() == null) {
                    ranges.add(
                            new Range(
                                    new BigInteger(shard.hashKeyRange().startingHashKey()),
                                    new BigInteger(shard.hashKeyRange().endingHashKey()),
                                    shard.shardId()));
                }
            }
            next = response.nextToken();
        } while (next != null);
        if (ranges.isEmpty()) {
            throw new IllegalStateException("stream " + stream + " has no open shard");
        }
        return sorted(ranges);
    }

    private static List<Range> sorted(List<Range> ranges) {
        List<Range> copy = new ArrayList<>(ranges);
        copy.sort(Comparator.comparing(Range::start));
        return List.copyOf(copy);
    }
}

package io.marketpipe.job.source;

import org.apache.flink.connector.kinesis.source.enumerator.KinesisShardAssigner;
import org.apache.flink.connector.kinesis.source.enumerator.assigner.UniformShardAssigner;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplit;
import org.apache.flink.streaming.connectors.kinesis.model.StreamShardHandle;

/**
 * Gives shard {@code shardId-NNNNNNNNNNNN} to source subtask {@code N mod parallelism}, for both
 * readers (the polling source and the fan-out consumer).
 *
 * <p>Why: the connectors' own assigners place shards in an order that has nothing to do with the
 * shards' hash-key order. The polling source deals the discovered shards, taken from a hash set, to
 * the least-loaded subtask; the fan-out consumer hashes the shard handle. With 3 symbols on 4
 * shards both data-carrying shards went to one subtask and the other idled. Kinesis numbers the
 * shards a stream is created with in hash-key order, and the forwarder deals its symbols
 * round-robin over the shards in that order, so consecutive symbols now reach consecutive subtasks.
 * Shards made by a reshard get the next numbers and spread the same way. A shard id without that
 * number (never seen from Kinesis) goes to the least-loaded subtask (the connector's own {@link
 * UniformShardAssigner}), or by hash on the fan-out consumer.
 */
public final class ShardNumberAssigner
        implements KinesisShardAssigner,
                org.apache.flink.streaming.connectors.kinesis.KinesisShardAssigner {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "shardId-";

    /** The polling source's own assigner, for a shard id without a number. */
    private static final UniformShardAssigner LEAST_LOADED = new UniformShardAssigner();

    /** The polling source: called once per split, after every reader has registered. */
    @Override
    public int assign(KinesisShardSplit split, Context context) {
        int readers = context.getRegisteredReaders().size();
        if (readers == 0) {
            throw new IllegalArgumentException("no registered reader to assign " + split + " to");
        }
        long number = number(split.getShardId());
        if (number >= 0) {
            return (int) (number % readers);
        }
        return LEAST_LOADED.assign(split, context);
    }

    /** The fan-out consumer: the index of the subtask that reads {@code shard}. */
    @Override
    public int assign(StreamShardHandle shard, int subtasks) {
        long number = number(shard.getShard().getShardId());
        return number >= 0
                ? (int) (number % subtasks)
                : Math.floorMod(shard.getShard().getShardId().hashCode(), subtasks);
    }

    /** The number of {@code shardId-000000000003} (3), or -1 when it has none. */
    static long number(String shardId) {
        if (shardId == null || !shardId.startsWith(PREFIX)) {
            return -1;
        }
        int digits = shardId.length() - PREFIX.length();
        if (digits < 1 || digits > 18) {
            return -1;
        }
        long n = 0;
        for (int i = PREFIX.length(); i < shardId.length(); i++) {
            char c = shardId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}

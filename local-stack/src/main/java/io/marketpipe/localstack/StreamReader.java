package io.marketpipe.localstack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads a stream's shards from the start, remembering where each left off, so repeated {@link
 * #poll()} calls return each record once. For tests and the soak check.
 */
public final class StreamReader {
    private final KinesisClient kinesis;
    private final String stream;
    private final Map<String, String> iterators = new HashMap<>();

    public StreamReader(KinesisClient kinesis, String stream) {
        this.kinesis = kinesis;
        this.stream = stream;
    }

    /** Every record that arrived since the last call, shard by shard, in shard order. */
    public List<Record> poll() {
        List<Record> out = new ArrayList<>();
        pollByShard().values().forEach(out::addAll);
        return out;
    }

    /** Every record that arrived since the last call, by shard id, each in shard order. */
    public Map<String, List<Record>> pollByShard() {
        Map<String, List<Record>> byShard = new java.util.TreeMap<>();
        for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
            String iterator =
                    iterators.computeIfAbsent(
                            shard.shardId(),
                            id ->
                                    kinesis.getShardIterator(
                                                    r ->
                                                            r.streamName(stream)
                                                                    .shardId(id)
                                                                    .shardIteratorType(
                                                                            ShardIteratorType
                                                                                    .TRIM_HORIZON))
                                            .shardIterator());
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response =
                        kinesis.getRecords(r -> r.shardIterator(current).limit(10_000));
                byShard.computeIfAbsent(shard.shardId(), k -> new ArrayList<>())
                        .addAll(response.records());
                iterator = response.nextShardIterator();
                if (response.records().isEmpty()) {
                    break;
                }
            }
            iterators.put(shard.shardId(), iterator);
        }
        return byShard;
    }
}

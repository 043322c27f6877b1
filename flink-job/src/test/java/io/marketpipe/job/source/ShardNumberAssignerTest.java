package io.marketpipe.job.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.connector.kinesis.source.enumerator.KinesisShardAssigner;
import org.apache.flink.connector.kinesis.source.split.KinesisShardSplit;
import org.apache.flink.connector.kinesis.source.split.StartingPosition;
import org.apache.flink.kinesis.shaded.com.amazonaws.services.kinesis.model.Shard;
import org.apache.flink.streaming.connectors.kinesis.model.StreamShardHandle;
import org.junit.jupiter.api.Test;

class ShardNumberAssignerTest {
    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/raw";

    /** The enumerator's view: registered readers and what each already has. */
    private static final class Assignments implements KinesisShardAssigner.Context {
        final Map<Integer, Set<KinesisShardSplit>> current = new HashMap<>();
        final Map<Integer, ReaderInfo> readers = new HashMap<>();

        Assignments(int subtasks) {
            for (int i = 0; i < subtasks; i++) {
                readers.put(i, new ReaderInfo(i, "localhost"));
                current.put(i, new HashSet<>());
            }
        }

        int assign(ShardNumberAssigner assigner, String shardId) {
            KinesisShardSplit split =
                    new KinesisShardSplit(ARN, shardId, StartingPosition.fromStart());
            int subtask = assigner.assign(split, this);
            current.get(subtask).add(split);
            return subtask;
        }

        @Override
        public Map<Integer, Set<KinesisShardSplit>> getCurrentSplitAssignment() {
            return current;
        }

        @Override
        public Map<Integer, List<KinesisShardSplit>> getPendingSplitAssignments() {
            return Map.of();
        }

        @Override
        public Map<Integer, ReaderInfo> getRegisteredReaders() {
            return readers;
        }
    }

    private static String shard(int n) {
        return String.format("shardId-%012d", n);
    }

    @Test
    void shardNGoesToSubtaskNModParallelismWhateverTheOrderOfDiscovery() {
        ShardNumberAssigner assigner = new ShardNumberAssigner();
        Assignments two = new Assignments(2);
        // the enumerator offers discovered shards in hash-set order
        for (int n : new int[] {3, 0, 2, 1}) {
            assertThat(two.assign(assigner, shard(n))).as(shard(n)).isEqualTo(n % 2);
        }
        Assignments three = new Assignments(3);
        List<Integer> subtasks = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            subtasks.add(three.assign(assigner, shard(n)));
        }
        assertThat(subtasks).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void theFanOutConsumerUsesTheSameRule() {
        ShardNumberAssigner assigner = new ShardNumberAssigner();
        for (int n = 0; n < 8; n++) {
            StreamShardHandle handle =
                    new StreamShardHandle("raw", new Shard().withShardId(shard(n)));
            assertThat(assigner.assign(handle, 4)).isEqualTo(n % 4);
        }
        StreamShardHandle odd = new StreamShardHandle("raw", new Shard().withShardId("odd-shard"));
        assertThat(assigner.assign(odd, 4)).isBetween(0, 3);
    }

    @Test
    void aShardIdWithoutANumberGoesToTheLeastLoadedSubtask() {
        ShardNumberAssigner assigner = new ShardNumberAssigner();
        Assignments two = new Assignments(2);
        two.assign(assigner, shard(0));
        assertThat(two.assign(assigner, "shard-without-number")).isEqualTo(1);
        assertThat(ShardNumberAssigner.number("shardId-000000000042")).isEqualTo(42);
        assertThat(ShardNumberAssigner.number("shardId-")).isEqualTo(-1);
        assertThat(ShardNumberAssigner.number("shardId-12a")).isEqualTo(-1);
        assertThat(ShardNumberAssigner.number("shardId-9999999999999999999")).isEqualTo(-1);
    }
}

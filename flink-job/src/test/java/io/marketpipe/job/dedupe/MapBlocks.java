package io.marketpipe.job.dedupe;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@link IdDeduper}'s block store in a map, as Flink's map state keeps it, for tests. */
public final class MapBlocks implements IdDeduper.Blocks {
    private final Map<Long, Long> blocks = new HashMap<>();

    @Override
    public long get(long block) {
        return blocks.getOrDefault(block, 0L);
    }

    @Override
    public void put(long block, long bits) {
        blocks.put(block, bits);
    }

    @Override
    public void remove(long block) {
        blocks.remove(block);
    }

    public int size() {
        return blocks.size();
    }

    public Set<Long> blockNumbers() {
        return blocks.keySet();
    }
}

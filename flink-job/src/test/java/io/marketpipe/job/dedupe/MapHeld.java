package io.marketpipe.job.dedupe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@link IdDeduper}'s held ids in plain collections, as Flink's map states keep them, for tests.
 */
public final class MapHeld implements IdDeduper.Held {
    private final Set<Long> ids = new LinkedHashSet<>();
    private final Map<Long, Long> regions = new HashMap<>();

    @Override
    public boolean contains(long id) {
        return ids.contains(id);
    }

    @Override
    public void add(long id) {
        ids.add(id);
    }

    @Override
    public void remove(long id) {
        ids.remove(id);
    }

    @Override
    public Iterable<Long> ids() {
        return new ArrayList<>(ids);
    }

    @Override
    public long inRegion(long region) {
        return regions.getOrDefault(region, 0L);
    }

    @Override
    public void inRegion(long region, long count) {
        regions.put(region, count);
    }

    @Override
    public void clear() {
        ids.clear();
        regions.clear();
    }

    public int size() {
        return ids.size();
    }
}

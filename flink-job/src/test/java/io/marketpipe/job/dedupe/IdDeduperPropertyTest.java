package io.marketpipe.job.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Dedupe is idempotent: any set of ids within the window, sent any number of times in any order,
 * passes each id exactly once, and its state stays within the window's blocks.
 */
class IdDeduperPropertyTest {
    @Provide
    Arbitrary<List<Long>> ids() {
        // a base anywhere (ids are per symbol and grow for years), a spread inside the window
        return Arbitraries.longs()
                .between(0, Long.MAX_VALUE / 2)
                .flatMap(
                        base ->
                                Arbitraries.longs()
                                        .between(0, IdDeduper.WINDOW - 1)
                                        .map(offset -> base + offset)
                                        .list()
                                        .ofMinSize(1)
                                        .ofMaxSize(300));
    }

    @Property(tries = 300)
    void everyIdPassesOnceWhateverTheCopiesAndOrder(
            @ForAll("ids") List<Long> ids,
            @ForAll @IntRange(min = 1, max = 4) int copies,
            @ForAll("seeds") long seed) {
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            sent.addAll(ids);
        }
        Collections.shuffle(sent, new Random(seed));

        MapBlocks store = new MapBlocks();
        MapHeld held = new MapHeld();
        IdDeduper.Mark mark = new IdDeduper.Mark();
        List<Long> passed = new ArrayList<>();
        for (long id : sent) {
            IdDeduper.Verdict verdict = IdDeduper.offer(id, mark, store, held);
            assertThat(verdict).isNotEqualTo(IdDeduper.Verdict.TOO_OLD);
            if (verdict != IdDeduper.Verdict.DUPLICATE) {
                passed.add(id);
            }
            assertThat(store.size()).isLessThanOrEqualTo((int) (IdDeduper.WINDOW / 64) + 2);
        }
        Set<Long> distinct = new LinkedHashSet<>(ids);
        assertThat(passed).hasSize(distinct.size()).containsExactlyInAnyOrderElementsOf(distinct);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }
}

package io.marketpipe.job.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdDeduperTest {
    private final MapBlocks blocks = new MapBlocks();
    private long highest = Long.MIN_VALUE;
    private final long[] out = new long[1];

    private IdDeduper.Verdict offer(long id) {
        IdDeduper.Verdict v = IdDeduper.offer(id, highest, blocks, out);
        highest = out[0];
        return v;
    }

    @Test
    void tellsNewFromDuplicateIdsArrivingInAnyOrderWithinTheWindow() {
        assertThat(offer(1_000)).isEqualTo(IdDeduper.Verdict.NEW);
        assertThat(offer(1_002)).isEqualTo(IdDeduper.Verdict.NEW);
        assertThat(offer(1_001)).as("late but unseen").isEqualTo(IdDeduper.Verdict.NEW);
        assertThat(offer(1_001)).isEqualTo(IdDeduper.Verdict.DUPLICATE);
        assertThat(offer(1_000)).isEqualTo(IdDeduper.Verdict.DUPLICATE);
        assertThat(highest).isEqualTo(1_002);
        assertThat(offer(1_002 - IdDeduper.WINDOW)).isEqualTo(IdDeduper.Verdict.TOO_OLD);
    }

    @Test
    void stateStaysBoundedOverAMillionIds() {
        for (long id = 1; id <= 1_000_000; id++) {
            assertThat(offer(id)).isEqualTo(IdDeduper.Verdict.NEW);
            if (id % 7 == 0) {
                assertThat(offer(id - 3)).isEqualTo(IdDeduper.Verdict.DUPLICATE);
            }
        }
        assertThat(blocks.size()).isLessThanOrEqualTo((int) (IdDeduper.WINDOW / 64) + 2);
    }

    @Test
    void aJumpFarPastTheWindowDropsEveryOldBlock() {
        for (long id = 1; id <= 5_000; id++) {
            offer(id);
        }
        offer(10_000_000);
        assertThat(blocks.blockNumbers()).containsOnly(10_000_000L / 64);
    }
}

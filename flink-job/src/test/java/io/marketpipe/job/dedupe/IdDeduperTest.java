package io.marketpipe.job.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdDeduperTest {
    private final MapBlocks blocks = new MapBlocks();
    private final MapHeld held = new MapHeld();
    private final IdDeduper.Mark mark = new IdDeduper.Mark();
    private long highest;

    private IdDeduper.Verdict offer(long id) {
        IdDeduper.Verdict v = IdDeduper.offer(id, mark, blocks, held);
        highest = mark.highest;
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
    void aJumpFarPastTheWindowDropsEveryOldBlockOnceTheNewIdsGather() {
        for (long id = 1; id <= 5_000; id++) {
            offer(id);
        }
        for (long id = 10_000_000; id < 10_000_000 + IdDeduper.PROMOTE; id++) {
            assertThat(offer(id)).isEqualTo(IdDeduper.Verdict.HELD);
        }
        long last = 10_000_000 + IdDeduper.PROMOTE - 1;
        assertThat(highest).isEqualTo(last);
        assertThat(blocks.blockNumbers()).allMatch(b -> b >= 10_000_000L / 64);
        assertThat(held.size()).isZero();
        assertThat(offer(10_000_003)).isEqualTo(IdDeduper.Verdict.DUPLICATE);
        assertThat(offer(last + 1)).isEqualTo(IdDeduper.Verdict.NEW);
    }

    @Test
    void oneTradeWithAHugeIdNeverMovesTheMarkAndGenuineReSendsStayDuplicates() {
        for (long id = 1_000; id < 1_200; id++) {
            offer(id);
        }
        assertThat(offer(1L << 62)).isEqualTo(IdDeduper.Verdict.HELD);
        assertThat(offer(1L << 62)).as("its own re-send").isEqualTo(IdDeduper.Verdict.DUPLICATE);
        assertThat(highest).isEqualTo(1_199);
        for (long id = 1_000; id < 1_200; id++) {
            assertThat(offer(id))
                    .as("re-sent genuine #" + id)
                    .isEqualTo(IdDeduper.Verdict.DUPLICATE);
        }
        assertThat(offer(1_200)).isEqualTo(IdDeduper.Verdict.NEW);
        // a plausible step still moves the mark; one beyond it does not
        assertThat(offer(1_200 + IdDeduper.MAX_STEP)).isEqualTo(IdDeduper.Verdict.NEW);
        assertThat(offer(highest + IdDeduper.MAX_STEP + 1)).isEqualTo(IdDeduper.Verdict.HELD);
    }

    @Test
    void aHostileFirstTradeIsOutvotedByTheGenuineOnesAfterIt() {
        assertThat(offer(1L << 62)).isEqualTo(IdDeduper.Verdict.NEW);
        for (long id = 5_000; id < 5_000 + IdDeduper.PROMOTE; id++) {
            assertThat(offer(id)).isEqualTo(IdDeduper.Verdict.TOO_OLD);
        }
        assertThat(highest).as("the mark came down to the genuine ids").isLessThan(10_000);
        for (long id = 5_000; id < 5_000 + IdDeduper.PROMOTE; id++) {
            assertThat(offer(id)).isEqualTo(IdDeduper.Verdict.DUPLICATE);
        }
        assertThat(offer(5_000 + IdDeduper.PROMOTE)).isEqualTo(IdDeduper.Verdict.NEW);
        // a mark that stands on many ids is not moved back by old ones
        for (long id = 5_100; id < 5_200; id++) {
            offer(id);
        }
        for (long id = 100; id < 100 + 2 * IdDeduper.PROMOTE; id++) {
            assertThat(offer(id)).isNotNull();
        }
        assertThat(highest).isEqualTo(5_199);
    }

    @Test
    void heldIdsStayBounded() {
        offer(0);
        for (long i = 1; i <= 3 * IdDeduper.HELD_CAPACITY; i++) {
            offer(i * IdDeduper.REGION * 2); // each in a region of its own: never gathers
        }
        assertThat(held.size()).isLessThanOrEqualTo(IdDeduper.HELD_CAPACITY);
        assertThat(highest).isZero();
    }
}

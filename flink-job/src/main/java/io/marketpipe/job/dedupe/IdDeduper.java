package io.marketpipe.job.dedupe;

/**
 * Duplicate detection for venues with per-symbol trade ids: a high-water mark plus a bitmap of the
 * last {@link #WINDOW} ids, kept as 64-id blocks in a {@link Blocks} store (Flink map state: one
 * entry touched per trade). Blocks below the window are removed as the mark advances, so state per
 * symbol stays under {@code WINDOW / 64} entries. Plain Java.
 */
public final class IdDeduper {
    /** Ids this far below the highest seen can still be told apart; older ones are passed on. */
    public static final long WINDOW = 1 << 16;

    /** The block store: block number → 64 bits of seen ids. */
    public interface Blocks {
        long get(long block);

        void put(long block, long bits);

        void remove(long block);
    }

    /** What became of an id. */
    public enum Verdict {
        NEW,
        DUPLICATE,
        /** Below the window: cannot be told, passed on as new. */
        TOO_OLD
    }

    private IdDeduper() {}

    /**
     * Records {@code id} against {@code highest} (Long.MIN_VALUE when none) and returns the verdict
     * and the new highest in {@code highestOut[0]}.
     */
    public static Verdict offer(long id, long highest, Blocks blocks, long[] highestOut) {
        highestOut[0] = highest;
        if (highest != Long.MIN_VALUE && id <= highest - WINDOW) {
            return Verdict.TOO_OLD;
        }
        // floor(id / 64) and 1 << (id mod 64) without a division: an arithmetic shift floors, and
        // a long shift takes its distance mod 64
        long block = id >> 6;
        long bit = 1L << id;
        long bits = blocks.get(block);
        if ((bits & bit) != 0) {
            return Verdict.DUPLICATE;
        }
        blocks.put(block, bits | bit);
        if (highest == Long.MIN_VALUE) {
            highestOut[0] = id;
        } else if (id > highest) {
            // blocks that can hold ids lie in [floor of the old window, block of the old highest];
            // those now wholly below the new window go
            long from = (highest - WINDOW) >> 6;
            long to = Math.min((id - WINDOW) >> 6, (highest >> 6) + 1);
            for (long b = from; b < to; b++) {
                blocks.remove(b);
            }
            highestOut[0] = id;
        }
        return Verdict.NEW;
    }
}

package io.marketpipe.job.dedupe;

import java.util.ArrayList;
import java.util.List;

/**
 * Duplicate detection for venues with per-symbol trade ids: a high-water mark plus a bitmap of the
 * last {@link #WINDOW} ids, kept as 64-id blocks in a {@link Blocks} store (Flink map state: one
 * entry touched per trade). Blocks below the window are removed as the mark advances, so state per
 * symbol stays under {@code WINDOW / 64} entries. Plain Java.
 *
 * <p>No single trade can move the mark far: an id more than {@link #MAX_STEP} above it (a hostile
 * {@code t = 2^62} would otherwise make every genuine id after it too old to tell, and its re-sends
 * doubles) is <em>held apart</em>: passed on, and remembered exactly among at most {@link
 * #HELD_CAPACITY} held ids, so its own re-send is a duplicate. Only when {@link #PROMOTE} held ids
 * gather in one region of {@link #REGION} ids (a venue's ids really jumped, after an outage) does
 * the mark move there. Ids below the window are held the same way; they move the mark back only
 * while the mark itself stands on fewer than {@link #PROMOTE} ids, which is how a hostile first
 * trade of a symbol is outvoted by the genuine ones after it.
 */
public final class IdDeduper {
    /** Ids this far below the highest seen are told apart by the bitmap. */
    public static final long WINDOW = 1 << 16;

    /** The most one id can move the mark. */
    public static final long MAX_STEP = WINDOW / 2;

    /** Held ids are counted in regions of this many ids ({@code id >> 15}). */
    public static final long REGION = 1 << 15;

    /** Held ids in one region that move the mark there. */
    public static final int PROMOTE = 32;

    /** The most held ids remembered; past it they are forgotten together and counting restarts. */
    public static final int HELD_CAPACITY = 4_096;

    /** The block store: block number → 64 bits of seen ids. */
    public interface Blocks {
        long get(long block);

        void put(long block, long bits);

        void remove(long block);
    }

    /** Held ids, exactly, and how many of them fall in each region. */
    public interface Held {
        boolean contains(long id);

        void add(long id);

        void remove(long id);

        /** Every held id (at most {@link #HELD_CAPACITY}); read only when the mark moves. */
        Iterable<Long> ids();

        long inRegion(long region);

        void inRegion(long region, long count);

        /** Forgets every held id and region count. */
        void clear();
    }

    /** A key's mark, how many ids it stands on (up to {@link #PROMOTE}), and how many are held. */
    public static final class Mark {
        public long highest = Long.MIN_VALUE;
        public long standsOn;
        public long held;
    }

    /** What became of an id. */
    public enum Verdict {
        NEW,
        DUPLICATE,
        /** Below the window: passed on, remembered only among the held ids. */
        TOO_OLD,
        /** Too far above the mark to move it: passed on and remembered among the held ids. */
        HELD
    }

    private IdDeduper() {}

    /** Records {@code id} in {@code mark}, {@code blocks} and {@code held}; returns the verdict. */
    public static Verdict offer(long id, Mark mark, Blocks blocks, Held held) {
        if (mark.highest == Long.MIN_VALUE) {
            record(id, blocks);
            mark.highest = id;
            mark.standsOn = 1;
            return Verdict.NEW;
        }
        // ids are >= 0, so the differences cannot overflow
        boolean below = id <= mark.highest - WINDOW;
        if (below || id - mark.highest > MAX_STEP) {
            return hold(id, below, mark, blocks, held);
        }
        if (!record(id, blocks)) {
            return Verdict.DUPLICATE;
        }
        if (mark.held > 0 && held.contains(id)) {
            // held when it was beyond the step; the mark has come near it since: its bit now holds
            // it
            held.remove(id);
            held.inRegion(id / REGION, held.inRegion(id / REGION) - 1);
            mark.held--;
            return Verdict.DUPLICATE;
        }
        if (id > mark.highest) {
            advance(mark.highest, id, blocks);
            mark.highest = id;
        }
        mark.standsOn = Math.min(PROMOTE, mark.standsOn + 1);
        return Verdict.NEW;
    }

    /**
     * Whether {@link #offer} would call {@code id} a duplicate now; changes nothing. An aggregate
     * of trades is fresh only if none of its ids was seen.
     */
    public static boolean seen(long id, Mark mark, Blocks blocks, Held held) {
        if (mark.highest == Long.MIN_VALUE) {
            return false;
        }
        if (id <= mark.highest - WINDOW || id - mark.highest > MAX_STEP) {
            return held.contains(id);
        }
        return (blocks.get(id >> 6) & (1L << id)) != 0 || (mark.held > 0 && held.contains(id));
    }

    /** Sets {@code id}'s bit; false if it was set. */
    private static boolean record(long id, Blocks blocks) {
        // floor(id / 64) and 1 << (id mod 64) without a division: an arithmetic shift floors, and
        // a long shift takes its distance mod 64
        long block = id >> 6;
        long bit = 1L << id;
        long bits = blocks.get(block);
        if ((bits & bit) != 0) {
            return false;
        }
        blocks.put(block, bits | bit);
        return true;
    }

    /** Removes the blocks that the mark moving from {@code from} up to {@code to} leaves behind. */
    private static void advance(long from, long to, Blocks blocks) {
        // blocks that can hold ids lie in [floor of the old window, block of the old highest];
        // those now wholly below the new window go
        long first = (from - WINDOW) >> 6;
        long end = Math.min((to - WINDOW) >> 6, (from >> 6) + 1);
        for (long b = first; b < end; b++) {
            blocks.remove(b);
        }
    }

    private static Verdict hold(long id, boolean below, Mark mark, Blocks blocks, Held held) {
        if (held.contains(id)) {
            return Verdict.DUPLICATE;
        }
        if (mark.held >= HELD_CAPACITY) {
            held.clear();
            mark.held = 0;
        }
        held.add(id);
        mark.held++;
        long region = id / REGION;
        long count = held.inRegion(region) + 1;
        held.inRegion(region, count);
        if (count >= PROMOTE && (!below || mark.standsOn < PROMOTE)) {
            moveTo(region, mark, blocks, held);
        }
        return below ? Verdict.TOO_OLD : Verdict.HELD;
    }

    /**
     * Moves the mark to the highest held id of {@code region}: of the old window's bits only those
     * inside the new window stay, and the held ids within the new window join them.
     */
    private static void moveTo(long region, Mark mark, Blocks blocks, Held held) {
        List<Long> ids = new ArrayList<>();
        held.ids().forEach(ids::add); // read once: a map state's iteration is I/O
        long highest = Long.MIN_VALUE;
        for (long id : ids) {
            if (id / REGION == region) {
                highest = Math.max(highest, id);
            }
        }
        long low = highest - WINDOW; // the new window is (low, highest]
        for (long b = (mark.highest - WINDOW) >> 6; b <= mark.highest >> 6; b++) {
            long bits = blocks.get(b);
            long kept = bits & inside(b, low, highest);
            if (kept == 0 && bits != 0) {
                blocks.remove(b);
            } else if (kept != bits) {
                blocks.put(b, kept);
            }
        }
        List<Long> kept = new ArrayList<>();
        long moved = 0;
        for (long id : ids) {
            if (id > low && id <= highest) {
                record(id, blocks);
                moved++;
            } else {
                kept.add(id);
            }
        }
        held.clear();
        for (long id : kept) {
            held.add(id);
            held.inRegion(id / REGION, held.inRegion(id / REGION) + 1);
        }
        mark.highest = highest;
        mark.standsOn = Math.min(PROMOTE, moved);
        mark.held = kept.size();
    }

    /** The bits of block {@code b} whose ids lie in {@code (low, high]}. */
    private static long inside(long b, long low, long high) {
        long first = b << 6;
        long mask = 0;
        for (int bit = 0; bit < 64; bit++) {
            long id = first + bit;
            if (id > low && id <= high) {
                mask |= 1L << bit;
            }
        }
        return mask;
    }
}

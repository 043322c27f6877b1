package io.marketpipe.job.model;

import io.marketpipe.schemas.envelope.Venue;

/**
 * One time a book was out of sync: why, the update id it expected and the one it saw, when it went
 * out (event time) and when a snapshot brought it back, or {@link #NOT_RESYNCED}, and how many
 * depth frames it could not apply meanwhile. A Flink POJO.
 */
public class BookGap {
    public static final long NOT_RESYNCED = Long.MIN_VALUE;

    /** Why a book went out of sync. */
    public enum Reason {
        /** A diff's first id was past the book's id + 1: updates were missed. */
        GAP,
        /** Best bid at or above best ask after an update. */
        CROSSED,
        /** A snapshot older than the first diff held for it: the book waited for another. */
        STALE_SNAPSHOT,
        /** The venue's top 20 at the book's own update id differ from the book's. */
        TOP20_MISMATCH,
        /** A REST snapshot at the book's own update id differs from the book. */
        SNAPSHOT_MISMATCH,
        /** Every level a side knew is gone: its best price is past what the book knows. */
        DEPTH_EXHAUSTED,
        /** More diffs arrived before a snapshot than the book holds: the oldest were let go. */
        BUFFER_FULL
    }

    public Venue venue;
    public String symbol;
    public Reason reason;

    /** The update id the book needed next (its id + 1), or -1 where none applies. */
    public long expectedId = -1;

    /** The update id it saw instead (a diff's first id, a snapshot's id), or -1. */
    public long seenId = -1;

    public long outOfSyncTime;
    public long resyncTime = NOT_RESYNCED;

    /** Depth frames that arrived meanwhile and were never applied. */
    public long framesSkipped;

    /** Snapshots that came meanwhile and were too old to use. */
    public long staleSnapshots;

    public BookGap() {}

    public String instrument() {
        return venue.name() + ':' + symbol;
    }

    @Override
    public String toString() {
        return venue
                + ":"
                + symbol
                + " "
                + reason
                + " expected "
                + expectedId
                + " saw "
                + seenId
                + " at "
                + outOfSyncTime
                + (resyncTime == NOT_RESYNCED ? ", not resynced" : ", resynced at " + resyncTime)
                + ", "
                + framesSkipped
                + " frames skipped";
    }
}

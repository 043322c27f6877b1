package io.marketpipe.launcher;

import io.marketpipe.job.book.BookFunction;
import io.marketpipe.job.book.BookSync;
import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.decode.LateTradeFilter;
import io.marketpipe.job.dedupe.DedupeFunction;
import io.marketpipe.job.reconcile.ReconcileFunction;
import io.marketpipe.job.signals.StrategyFunction;
import java.util.Map;

/** The job's accounting accumulators at one moment. */
public record JobCounts(
        long frames,
        long trades,
        long quotes,
        long gaps,
        long control,
        long quarantined,
        long duplicates,
        long late,
        long signals,
        long roundTrips,
        long bookUpdates,
        long diffsApplied,
        long booksInSync,
        long bookResyncs,
        long klinesMatched,
        long klinesMismatched) {
    static final JobCounts NONE = new JobCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Both together: the earlier jobs' of one run and then a job's, {@code o} (accumulators restart
     * per job). Books in sync are {@code o}'s alone: a new job's books start over.
     */
    JobCounts plus(JobCounts o) {
        return new JobCounts(
                frames + o.frames,
                trades + o.trades,
                quotes + o.quotes,
                gaps + o.gaps,
                control + o.control,
                quarantined + o.quarantined,
                duplicates + o.duplicates,
                late + o.late,
                signals + o.signals,
                roundTrips + o.roundTrips,
                bookUpdates + o.bookUpdates,
                diffsApplied + o.diffsApplied,
                o.booksInSync,
                bookResyncs + o.bookResyncs,
                klinesMatched + o.klinesMatched,
                klinesMismatched + o.klinesMismatched);
    }

    static JobCounts of(Map<String, Object> accumulators) {
        return new JobCounts(
                get(accumulators, DecodedEventRouter.FRAMES),
                get(accumulators, DecodedEventRouter.TRADES),
                get(accumulators, DecodedEventRouter.QUOTES_COUNT),
                get(accumulators, DecodedEventRouter.GAPS_COUNT),
                get(accumulators, DecodedEventRouter.CONTROL),
                get(accumulators, DecodedEventRouter.QUARANTINED),
                get(accumulators, DedupeFunction.DUPLICATES),
                get(accumulators, LateTradeFilter.LATE),
                get(accumulators, StrategyFunction.SIGNALS),
                get(accumulators, StrategyFunction.ROUND_TRIP_COUNT),
                get(accumulators, DecodedEventRouter.BOOK_UPDATES),
                get(accumulators, BookFunction.accumulator(BookSync.Outcome.DIFF_APPLIED)),
                get(accumulators, BookFunction.IN_SYNC),
                get(accumulators, BookFunction.RESYNCS),
                get(accumulators, ReconcileFunction.MATCHED),
                get(accumulators, ReconcileFunction.MISMATCHED));
    }

    private static long get(Map<String, Object> accumulators, String name) {
        Object value = accumulators.get(name);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }
}

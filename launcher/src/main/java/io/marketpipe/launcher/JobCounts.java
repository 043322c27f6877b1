package io.marketpipe.launcher;

import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.decode.LateTradeFilter;
import io.marketpipe.job.dedupe.DedupeFunction;
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
        long roundTrips) {
    static final JobCounts NONE = new JobCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Both together: a job's and the earlier jobs' of one run (accumulators restart per job). */
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
                roundTrips + o.roundTrips);
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
                get(accumulators, StrategyFunction.ROUND_TRIP_COUNT));
    }

    private static long get(Map<String, Object> accumulators, String name) {
        Object value = accumulators.get(name);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }
}

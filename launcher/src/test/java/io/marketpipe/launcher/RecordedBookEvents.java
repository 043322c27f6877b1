package io.marketpipe.launcher;

import io.marketpipe.job.book.BookSync;
import io.marketpipe.job.model.BookGap;
import io.marketpipe.job.model.BookTop;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What a {@link BookSync} says of a book: its tops, its gaps and its counts. */
final class RecordedBookEvents implements BookSync.Events {
    final List<BookTop> tops = new ArrayList<>();
    final List<BookGap> gaps = new ArrayList<>();
    final Map<BookSync.Outcome, Long> counts = new EnumMap<>(BookSync.Outcome.class);

    @Override
    public void top(BookTop top) {
        tops.add(top);
    }

    @Override
    public void gap(BookGap gap) {
        gaps.add(gap);
    }

    @Override
    public void count(BookSync.Outcome outcome, long n) {
        counts.merge(outcome, n, Long::sum);
    }

    long count(BookSync.Outcome outcome) {
        return counts.getOrDefault(outcome, 0L);
    }
}

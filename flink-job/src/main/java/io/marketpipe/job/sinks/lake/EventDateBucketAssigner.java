package io.marketpipe.job.sinks.lake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Hive-style partitions by the element's own event time ({@code dt=YYYY-MM-DD}, UTC), not by
 * processing time, so replays and late data land where they belong.
 */
final class EventDateBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final SerializableFunction<T, Long> eventTimeMillis;

    EventDateBucketAssigner(SerializableFunction<T, Long> eventTimeMillis) {
        this.eventTimeMillis = eventTimeMillis;
    }

    /** The last day's bucket id, kept so that most rows reuse one string (and its hash). */
    private transient String lastId;

    private transient long lastDay;

    @Override
    public String getBucketId(T element, Context context) {
        long millis = eventTimeMillis.apply(element);
        long day = Math.floorDiv(millis, 86_400_000L);
        if (lastId == null || day != lastDay) {
            lastId = DAY.format(Instant.ofEpochMilli(millis));
            lastDay = day;
        }
        return lastId;
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}

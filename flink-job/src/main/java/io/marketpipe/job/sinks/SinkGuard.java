package io.marketpipe.job.sinks;

import io.marketpipe.job.decode.DecodedEventRouter;
import io.marketpipe.job.model.Gap;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.Quote;
import io.marketpipe.job.model.ReasonCode;
import io.marketpipe.job.model.Text;
import io.marketpipe.job.model.Trade;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Venue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Stands before a stream's sinks so that no single record can fail one: a record whose text no
 * UTF-8 encoder can write (a lone surrogate: Parquet's writer throws, and the task restarts on the
 * same record forever) is counted and quarantined {@link ReasonCode#UNWRITABLE}, with the record as
 * escaped text, and the job goes on. The decoders make no such record today (input is strict UTF-8,
 * and a symbol with a lone surrogate breaks the symbol rule); this is where the next one would
 * stop.
 */
public final class SinkGuard<T> extends ProcessFunction<T, T> {
    private static final long serialVersionUID = 1L;
    public static final String UNWRITABLE = "unwritable";

    /** The accumulators of the guards {@code Pipeline} places, one per stream. */
    public static final List<String> ACCUMULATORS =
            List.of(UNWRITABLE + ".trades", UNWRITABLE + ".quotes", UNWRITABLE + ".gaps");

    private final String stream;
    private final SerializableFunction<T, String> fault;
    private final SerializableFunction<T, Venue> venue;
    private transient Counter unwritable;
    private transient LongCounter unwritableTotal;

    private SinkGuard(
            String stream,
            SerializableFunction<T, String> fault,
            SerializableFunction<T, Venue> venue) {
        this.stream = stream;
        this.fault = fault;
        this.venue = venue;
    }

    public static SinkGuard<Trade> trades() {
        return new SinkGuard<>("trades", t -> text("symbol", t.symbol), t -> t.venue);
    }

    public static SinkGuard<Quote> quotes() {
        return new SinkGuard<>("quotes", q -> text("symbol", q.symbol), q -> q.venue);
    }

    public static SinkGuard<Gap> gaps() {
        return new SinkGuard<>(
                "gaps",
                g -> {
                    String why = text("symbol", g.symbol);
                    return why != null ? why : text("reason", g.reason);
                },
                g -> g.venue);
    }

    /** Why {@code value} cannot be written as text, or null. */
    static String text(String field, String value) {
        if (value == null) {
            return field + " is null";
        }
        return Text.wellFormed(value) ? null : field + " is not well-formed UTF-16";
    }

    @Override
    public void open(Configuration parameters) {
        unwritable =
                getRuntimeContext().getMetricGroup().addGroup("accounting").counter(UNWRITABLE);
        unwritableTotal = new LongCounter();
        getRuntimeContext().addAccumulator(UNWRITABLE + "." + stream, unwritableTotal);
    }

    @Override
    public void processElement(T value, Context ctx, Collector<T> out) {
        String why;
        try {
            why = fault.apply(value);
        } catch (RuntimeException e) {
            why = "its check failed: " + e;
        }
        if (why == null) {
            out.collect(value);
            return;
        }
        unwritable.inc();
        unwritableTotal.add(1);
        ctx.output(DecodedEventRouter.QUARANTINE, quarantined(value, venue.apply(value), why));
    }

    static Quarantined quarantined(Object value, Venue venue, String why) {
        Quarantined q = new Quarantined();
        q.reason = ReasonCode.UNWRITABLE;
        q.venue = venue == null ? Venue.UNKNOWN : venue;
        q.encoding = Encoding.DECODED;
        String text = Text.escaped(String.valueOf(value));
        q.raw = text.getBytes(StandardCharsets.UTF_8);
        q.detail = Text.escaped(value.getClass().getSimpleName() + ": " + why);
        q.ingestMicros = System.currentTimeMillis() * 1_000;
        q.id =
                Quarantined.idOf(
                        q.venue,
                        q.encoding,
                        0,
                        0,
                        0,
                        q.reason,
                        q.detail,
                        Quarantined.sha256(q.raw));
        return q;
    }
}

package io.marketpipe.job.sinks.firehose;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.marketpipe.job.model.Decimals;
import io.marketpipe.job.model.EquityPoint;
import io.marketpipe.job.model.Fill;
import io.marketpipe.job.model.Quarantined;
import io.marketpipe.job.model.RoundTrip;
import io.marketpipe.job.model.Signal;
import io.marketpipe.job.sinks.quarantine.QuarantineJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Lake rows as JSON lines for Firehose: one object per record, ending in a newline so the objects
 * Firehose concatenates stay one per line. Column names as in the lake; money as exact JSON numbers
 * (never rounded through a double); times as ISO-8601 UTC.
 */
public final class JsonLines<T> implements SerializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    /** Writes one record's fields. */
    @FunctionalInterface
    public interface Fields<T> extends Serializable {
        void write(T record, JsonGenerator g) throws IOException;
    }

    private final Fields<T> fields;

    private JsonLines(Fields<T> fields) {
        this.fields = fields;
    }

    @Override
    public byte[] serialize(T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(record, g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    public static JsonLines<Signal> signals() {
        return new JsonLines<>(
                (s, g) -> {
                    g.writeStringField("strategy", s.strategy);
                    g.writeStringField("venue", s.venue.name());
                    g.writeStringField("symbol", s.symbol);
                    g.writeStringField("interval", s.interval);
                    g.writeStringField("side", s.side);
                    g.writeStringField("reason", s.reason);
                    time(g, "bar_time", s.barTime);
                    money(g, "price", s.price);
                });
    }

    public static JsonLines<Fill> fills() {
        return new JsonLines<>(
                (f, g) -> {
                    g.writeStringField("strategy", f.strategy);
                    g.writeStringField("venue", f.venue.name());
                    g.writeStringField("symbol", f.symbol);
                    g.writeStringField("side", f.side);
                    g.writeStringField("reason", f.reason);
                    time(g, "fill_time", f.fillTime);
                    time(g, "signal_bar_time", f.signalBarTime);
                    money(g, "reference_price", f.referencePrice);
                    money(g, "price", f.price);
                    money(g, "quantity", f.quantity);
                    money(g, "fee", f.fee);
                    money(g, "slippage", f.slippage);
                });
    }

    public static JsonLines<RoundTrip> roundTrips() {
        return new JsonLines<>(
                (t, g) -> {
                    g.writeStringField("strategy", t.strategy);
                    g.writeStringField("venue", t.venue.name());
                    g.writeStringField("symbol", t.symbol);
                    time(g, "entry_time", t.entryTime);
                    money(g, "entry_price", t.entryPrice);
                    time(g, "exit_time", t.exitTime);
                    money(g, "exit_price", t.exitPrice);
                    money(g, "quantity", t.quantity);
                    money(g, "gross_pnl", t.grossPnl);
                    money(g, "fees", t.fees);
                    money(g, "net_pnl", t.netPnl);
                    g.writeFieldName("return_pct");
                    g.writeNumber(t.returnPercent);
                    g.writeNumberField("holding_ms", t.holdingMillis);
                    g.writeStringField("entry_reason", t.entryReason);
                    g.writeStringField("exit_reason", t.exitReason);
                });
    }

    public static JsonLines<EquityPoint> equity() {
        return new JsonLines<>(
                (p, g) -> {
                    g.writeStringField("strategy", p.strategy);
                    g.writeStringField("venue", p.venue.name());
                    g.writeStringField("symbol", p.symbol);
                    g.writeStringField("interval", p.interval);
                    g.writeNumberField("interval_ms", p.intervalMillis);
                    time(g, "bar_time", p.barTime);
                    money(g, "position", p.position);
                    if (p.position == 0) {
                        g.writeNullField("average_entry");
                    } else {
                        money(g, "average_entry", p.averageEntry);
                    }
                    money(g, "mark", p.mark);
                    money(g, "realized_pnl", p.realizedPnl);
                    money(g, "unrealized_pnl", p.unrealizedPnl);
                    money(g, "equity", p.equity);
                    money(g, "capital", p.capital);
                });
    }

    /** The quarantine stream's JSON object, one per line. */
    public static SerializationSchema<Quarantined> quarantine() {
        QuarantineJson json = new QuarantineJson();
        return q -> {
            byte[] object = json.serialize(q);
            byte[] line = java.util.Arrays.copyOf(object, object.length + 1);
            line[object.length] = '\n';
            return line;
        };
    }

    private static void money(JsonGenerator g, String name, long units) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(Decimals.toBigDecimal(units));
    }

    private static void time(JsonGenerator g, String name, long epochMillis) throws IOException {
        g.writeStringField(name, Instant.ofEpochMilli(epochMillis).toString());
    }
}

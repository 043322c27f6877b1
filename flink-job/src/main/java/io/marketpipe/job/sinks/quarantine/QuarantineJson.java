package io.marketpipe.job.sinks.quarantine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.marketpipe.job.model.Quarantined;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * A quarantine record on the quarantine stream, as one JSON object: {@code reason, venue, encoding,
 * detail, connection_id, sequence, ingest_time_micros, raw_base64}, led by the record's
 * deterministic {@code id}.
 */
public final class QuarantineJson implements SerializationSchema<Quarantined> {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public byte[] serialize(Quarantined q) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + q.raw.length * 4 / 3);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", q.id);
            g.writeStringField("reason", q.reason.name());
            g.writeStringField("venue", q.venue.name());
            g.writeStringField("encoding", q.encoding.name());
            g.writeStringField("detail", q.detail);
            g.writeNumberField("connection_id", q.connectionId);
            g.writeNumberField("sequence", q.sequence);
            g.writeNumberField("ingest_time_micros", q.ingestMicros);
            g.writeStringField("raw_base64", Base64.getEncoder().encodeToString(q.raw));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

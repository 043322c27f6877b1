package io.marketpipe.ingest.envelope;

import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes every frame to a capture file as it passes ({@code --record FILE}), one per line: {@code
 * VENUE <TAB> ENCODING <TAB> ORIGIN <TAB> RECEIVED_MICROS <TAB> PAYLOAD}. A JSON payload is written
 * as is, unless it holds a tab or line break, then its ENCODING is {@code JSON_B64} and it is
 * base64; SBE payloads are always base64.
 */
public final class RecordingSink implements FrameSink, AutoCloseable {
    private final FrameSink delegate;
    private final BufferedWriter out;

    public RecordingSink(FrameSink delegate, Path file) throws IOException {
        this.delegate = delegate;
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void accept(
            String partitionKey,
            Venue venue,
            Encoding encoding,
            Origin origin,
            long connectionId,
            long sequence,
            long receivedMicros,
            byte[] payload)
            throws InterruptedException {
        write(line(venue, encoding, origin, receivedMicros, payload));
        delegate.accept(
                partitionKey,
                venue,
                encoding,
                origin,
                connectionId,
                sequence,
                receivedMicros,
                payload);
    }

    static String line(
            Venue venue, Encoding encoding, Origin origin, long receivedMicros, byte[] payload) {
        String text =
                encoding == Encoding.JSON ? new String(payload, StandardCharsets.UTF_8) : null;
        boolean plain =
                text != null
                        && text.indexOf('\n') < 0
                        && text.indexOf('\r') < 0
                        && text.indexOf('\t') < 0;
        String kind =
                plain ? encoding.name() : encoding == Encoding.JSON ? "JSON_B64" : encoding.name();
        String body = plain ? text : Base64.getEncoder().encodeToString(payload);
        return venue + "\t" + kind + "\t" + origin + "\t" + receivedMicros + "\t" + body;
    }

    private synchronized void write(String line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the capture file", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}

package io.marketpipe.job.source;

import io.marketpipe.job.decode.FrameDecoder;
import io.marketpipe.job.decode.TradeRules;
import io.marketpipe.job.model.MarketEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a capture file line by line and decodes each frame into market events, inside the file
 * source, so watermarks are tracked per file as they are per shard live. Empty lines are skipped.
 */
public final class CaptureFormat extends SimpleStreamFormat<MarketEvent> {
    private static final long serialVersionUID = 1L;

    private final CaptureLine.Format format;
    private final TradeRules rules;

    /**
     * With the rules for replays: a frame's receive time is the replay's clock (or, for recorded
     * captures, the forwarder's), so a trade may be any age but not ahead of it.
     */
    public CaptureFormat(CaptureLine.Format format) {
        this(format, TradeRules.REPLAY);
    }

    public CaptureFormat(CaptureLine.Format format, TradeRules rules) {
        this.format = format;
        this.rules = rules;
    }

    @Override
    public Reader<MarketEvent> createReader(Configuration config, FSDataInputStream stream) {
        BufferedReader lines =
                new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        FrameDecoder decoder = new FrameDecoder(rules);
        ArrayDeque<MarketEvent> pending = new ArrayDeque<>();
        long[] lineNumber = {0};
        return new Reader<MarketEvent>() {
            @Override
            public MarketEvent read() throws IOException {
                while (pending.isEmpty()) {
                    String line = lines.readLine();
                    if (line == null) {
                        return null;
                    }
                    lineNumber[0]++;
                    if (!line.isEmpty()) {
                        decoder.decode(
                                CaptureLine.parse(
                                        format,
                                        line,
                                        lineNumber[0],
                                        System.currentTimeMillis() * 1_000),
                                pending::add);
                    }
                }
                return pending.poll();
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<MarketEvent> getProducedType() {
        return TypeInformation.of(MarketEvent.class);
    }
}

package io.marketpipe.job.source;

import io.marketpipe.job.decode.FrameDecoder;
import io.marketpipe.job.decode.TradeRules;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import java.io.IOException;
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

    /**
     * Longer lines are quarantined cut to this: a Kinesis record is at most 1 MiB, and a recorded
     * line carries it in base64 with four short columns.
     */
    static final int MAX_LINE_BYTES = 4 << 20;

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
        ByteLines lines = new ByteLines(stream, 1 << 16, MAX_LINE_BYTES);
        FrameDecoder decoder = new FrameDecoder(rules);
        ArrayDeque<MarketEvent> pending = new ArrayDeque<>();
        CaptureTimes times = new CaptureTimes();
        long[] lineNumber = {0};
        return new Reader<MarketEvent>() {
            @Override
            public MarketEvent read() throws IOException {
                while (pending.isEmpty()) {
                    byte[] line = lines.next();
                    if (line == null) {
                        times.flush(pending::add);
                        return pending.poll();
                    }
                    lineNumber[0]++;
                    long now = System.currentTimeMillis() * 1_000;
                    if (lines.truncated()) {
                        decoder.decode(
                                RawFrame.unreadable(
                                                line,
                                                "line "
                                                        + lineNumber[0]
                                                        + " is longer than "
                                                        + MAX_LINE_BYTES
                                                        + " bytes ("
                                                        + lines.skipped()
                                                        + " more cut off)",
                                                now)
                                        .readNow(),
                                pending::add);
                    } else if (line.length > 0) {
                        decoder.decode(
                                CaptureLine.parse(format, line, lineNumber[0], now),
                                e -> times.dated(e, pending::add));
                    }
                }
                return pending.poll();
            }

            @Override
            public void close() throws IOException {
                stream.close();
            }
        };
    }

    @Override
    public TypeInformation<MarketEvent> getProducedType() {
        return TypeInformation.of(MarketEvent.class);
    }
}

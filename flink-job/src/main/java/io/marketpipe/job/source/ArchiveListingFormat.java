package io.marketpipe.job.source;

import io.marketpipe.job.decode.FrameDecoder;
import io.marketpipe.job.decode.TradeRules;
import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.model.RawFrame;
import io.marketpipe.schemas.envelope.Encoding;
import io.marketpipe.schemas.envelope.Origin;
import io.marketpipe.schemas.envelope.Venue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads Binance history files in time order, one symbol per listing: a listing is a text file whose
 * lines are the paths of one symbol's files, oldest first ({@link #listing}). Each listing is one
 * split, so a symbol's trades come in order and its watermark is its own, while several symbols
 * replay in parallel. Zip files are read as published (the CSV inside); CSV files as they are.
 */
public final class ArchiveListingFormat extends SimpleStreamFormat<MarketEvent> {
    private static final long serialVersionUID = 1L;

    /** The listing's text for one symbol's files, already sorted by date. */
    public static String listing(List<ArchiveFile> files) {
        StringBuilder text = new StringBuilder();
        for (ArchiveFile f : files) {
            text.append(f.path).append('\n');
        }
        return text.toString();
    }

    @Override
    public Reader<MarketEvent> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        List<ArchiveFile> files = new ArrayList<>();
        try (BufferedReader listing =
                new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = listing.readLine(); line != null; line = listing.readLine()) {
                if (!line.isBlank()) {
                    files.add(ArchiveFile.of(java.nio.file.Path.of(line.trim())));
                }
            }
        }
        FrameDecoder decoder = new FrameDecoder(TradeRules.REPLAY);
        ArrayDeque<MarketEvent> pending = new ArrayDeque<>();
        return new Reader<MarketEvent>() {
            private int next;
            private ArchiveFile current;
            private BufferedReader rows;
            private long rowNumber;

            @Override
            public MarketEvent read() throws IOException {
                while (pending.isEmpty()) {
                    String row;
                    try {
                        row = rows == null ? null : rows.readLine();
                    } catch (IOException e) {
                        unreadable("unreadable after row " + rowNumber + ": " + e);
                        close();
                        continue;
                    }
                    if (row == null) {
                        if (!openNext()) {
                            return null;
                        }
                        continue;
                    }
                    rowNumber++;
                    if (!row.isEmpty()) {
                        RawFrame frame =
                                new RawFrame(
                                        Venue.BINANCE,
                                        Encoding.CSV,
                                        Origin.ARCHIVE,
                                        0,
                                        rowNumber,
                                        0,
                                        row.getBytes(StandardCharsets.UTF_8));
                        decoder.decodeArchiveRow(frame, current.symbol, current.kind, pending::add);
                    }
                }
                return pending.poll();
            }

            private boolean openNext() throws IOException {
                close();
                if (next >= files.size()) {
                    return false;
                }
                current = files.get(next++);
                rowNumber = 0;
                InputStream in = FileSystem.getLocalFileSystem().open(new Path(current.path));
                if (current.zipped()) {
                    ZipInputStream zip = new ZipInputStream(in);
                    ZipEntry entry = zip.getNextEntry();
                    while (entry != null && !entry.getName().endsWith(".csv")) {
                        entry = zip.getNextEntry();
                    }
                    if (entry == null) {
                        zip.close();
                        unreadable("holds no .csv file");
                        return true;
                    }
                    in = zip;
                }
                rows =
                        new BufferedReader(
                                new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
                return true;
            }

            /** A file that cannot be read (any further) is quarantined, and the next one read. */
            private void unreadable(String why) {
                byte[] name = current.path.getBytes(StandardCharsets.UTF_8);
                decoder.decode(
                        RawFrame.unreadable(name, current.path + ": " + why, 0), pending::add);
            }

            @Override
            public void close() throws IOException {
                if (rows != null) {
                    rows.close();
                    rows = null;
                }
            }
        };
    }

    @Override
    public TypeInformation<MarketEvent> getProducedType() {
        return TypeInformation.of(MarketEvent.class);
    }
}

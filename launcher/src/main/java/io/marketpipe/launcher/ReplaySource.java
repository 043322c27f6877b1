package io.marketpipe.launcher;

import io.marketpipe.job.model.MarketEvent;
import io.marketpipe.job.source.ArchiveFile;
import io.marketpipe.job.source.ArchiveListingFormat;
import io.marketpipe.job.source.CaptureFormat;
import io.marketpipe.job.source.CaptureLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.connector.file.src.FileSource;

/**
 * What a replay reads: capture files ({@code binance}, {@code sbe}, {@code finnhub}, {@code
 * recorded}), or Binance's history files ({@code binance-archive}), read per symbol in date order.
 */
final class ReplaySource {
    static final String ARCHIVE = "binance-archive";
    static final String NAMES = "binance|sbe|finnhub|recorded|binance-archive";

    private ReplaySource() {}

    static String parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals(ARCHIVE)) {
            return n;
        }
        try {
            CaptureLine.Format.parse(n);
            return n;
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--source must be " + NAMES + ", was \"" + name + "\"");
        }
    }

    /**
     * The file source; for archives, one listing per symbol is written into {@code workDir} (it
     * must outlive the job).
     */
    static FileSource<MarketEvent> of(String source, List<Path> inputs, Path workDir)
            throws IOException {
        if (!source.equals(ARCHIVE)) {
            return FileSource.forRecordStreamFormat(
                            new CaptureFormat(CaptureLine.Format.parse(source)), paths(inputs))
                    .build();
        }
        Map<String, List<ArchiveFile>> bySymbol = new TreeMap<>();
        for (Path input : inputs) {
            ArchiveFile file;
            try {
                file = ArchiveFile.of(input);
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(e.getMessage());
            }
            bySymbol.computeIfAbsent(file.symbol, s -> new ArrayList<>()).add(file);
        }
        List<Path> listings = new ArrayList<>();
        for (Map.Entry<String, List<ArchiveFile>> symbol : bySymbol.entrySet()) {
            List<ArchiveFile> files = symbol.getValue();
            files.sort(null);
            if (files.stream().map(f -> f.kind).distinct().count() > 1) {
                throw new Args.UsageException(
                        symbol.getKey()
                                + ": give trades or aggTrades files, not both (their ids differ)");
            }
            Path listing = workDir.resolve(symbol.getKey() + ".listing");
            Files.writeString(listing, ArchiveListingFormat.listing(files));
            listings.add(listing);
        }
        return FileSource.forRecordStreamFormat(new ArchiveListingFormat(), paths(listings))
                .build();
    }

    private static org.apache.flink.core.fs.Path[] paths(List<Path> files) {
        return files.stream()
                .map(p -> new org.apache.flink.core.fs.Path(p.toAbsolutePath().toUri()))
                .toArray(org.apache.flink.core.fs.Path[]::new);
    }
}

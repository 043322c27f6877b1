package io.marketpipe.job.source;

import io.marketpipe.job.decode.BinanceArchiveDecoder;
import io.marketpipe.schemas.symbol.Symbols;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Binance history file named as Binance publishes it: {@code SYMBOL-trades-YYYY-MM-DD.zip} (or
 * {@code -aggTrades-}, monthly {@code YYYY-MM}, or the {@code .csv} inside). A lower-case name
 * ({@code btcusdt-...}) has its ASCII letters upper-cased; nothing else of the symbol is changed.
 */
public final class ArchiveFile implements Serializable, Comparable<ArchiveFile> {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME =
            Pattern.compile(
                    "([^-]{2,80})-(trades|aggTrades)-(\\d{4}-\\d{2})(-\\d{2})?\\.(zip|csv)");

    public final String path;
    public final String symbol;
    public final BinanceArchiveDecoder.Kind kind;
    public final LocalDate date;

    private ArchiveFile(
            String path, String symbol, BinanceArchiveDecoder.Kind kind, LocalDate date) {
        this.path = path;
        this.symbol = symbol;
        this.kind = kind;
        this.date = date;
    }

    public static ArchiveFile of(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    file.getFileName()
                            + " is not named like Binance's history files:"
                            + " SYMBOL-trades-YYYY-MM-DD.zip or SYMBOL-aggTrades-YYYY-MM(-DD).csv");
        }
        String symbol = Symbols.fromStreamName(m.group(1));
        String fault = Symbols.fault(symbol);
        if (fault != null) {
            throw new IllegalArgumentException(
                    file.getFileName() + ": the symbol \"" + symbol + "\" " + fault);
        }
        LocalDate date = LocalDate.parse(m.group(3) + (m.group(4) == null ? "-01" : m.group(4)));
        return new ArchiveFile(
                file.toAbsolutePath().toString(),
                symbol,
                m.group(2).equals("trades")
                        ? BinanceArchiveDecoder.Kind.TRADES
                        : BinanceArchiveDecoder.Kind.AGG_TRADES,
                date);
    }

    public boolean zipped() {
        return path.endsWith(".zip");
    }

    @Override
    public int compareTo(ArchiveFile o) {
        int c = symbol.compareTo(o.symbol);
        return c != 0 ? c : date.compareTo(o.date);
    }
}

package io.marketpipe.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One symbol's trades in Binance's own history CSV ({@code id,price,qty,quote_qty,time,
 * is_buyer_maker,is_best_match}, no header), appended page by page and resumable: a run that was
 * stopped leaves whole rows but for at most a torn last one, which the next run cuts off before it
 * continues after the last id.
 */
final class HistoryCsv {
    private HistoryCsv() {}

    /** Cuts a torn last row; returns the last complete row's id, or -1 for an empty file. */
    static long resume(Path file) throws IOException {
        if (!Files.exists(file)) {
            return -1;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long end = raf.length();
            long cut = end;
            while (cut > 0) {
                raf.seek(cut - 1);
                if (raf.read() == '\n') {
                    break;
                }
                cut--;
            }
            if (cut < end) {
                raf.setLength(cut); // a torn row
            }
            if (cut == 0) {
                return -1;
            }
            long start = cut - 1;
            while (start > 0) {
                raf.seek(start - 1);
                if (raf.read() == '\n') {
                    break;
                }
                start--;
            }
            byte[] row = new byte[(int) (cut - 1 - start)];
            raf.seek(start);
            raf.readFully(row);
            String text = new String(row, StandardCharsets.US_ASCII);
            return Long.parseLong(text.substring(0, text.indexOf(',')));
        }
    }
}

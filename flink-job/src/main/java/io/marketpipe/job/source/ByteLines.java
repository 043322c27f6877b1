package io.marketpipe.job.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a stream as bytes, split where {@link java.io.BufferedReader#readLine} splits (after
 * {@code \n}, {@code \r} or {@code \r\n}) but not decoded: a capture's frames go to decoders that
 * read bytes, so decoding them to characters and encoding them back would be wasted. In UTF-8 those
 * bytes never occur inside a multi-byte character, so the split is the same. A line longer than
 * {@code maxLine} bytes is cut to its first {@code maxLine} bytes and {@link #truncated} says so;
 * the rest of it is skipped, so one endless line cannot take the heap.
 */
final class ByteLines {
    private static final byte[] EMPTY = new byte[0];

    private final InputStream in;
    private final int maxLine;
    private final byte[] buffer;
    private int position;
    private int limit;
    private boolean endOfStream;

    /** The last line ended with {@code \r}: a {@code \n} right after belongs to it. */
    private boolean skipNewline;

    private byte[] partial = EMPTY;
    private int partialLength;
    private boolean truncated;
    private long skipped;

    ByteLines(InputStream in, int bufferSize, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
        this.buffer = new byte[bufferSize];
    }

    /** The next line without its terminator, or null at the end of the stream. */
    byte[] next() throws IOException {
        truncated = false;
        skipped = 0;
        partialLength = 0;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                return any ? take(null, 0, 0) : null;
            }
            if (skipNewline) {
                skipNewline = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            any = true;
            int start = position;
            int i = start;
            while (i < limit && buffer[i] != '\n' && buffer[i] != '\r') {
                i++;
            }
            if (i < limit) {
                skipNewline = buffer[i] == '\r';
                position = i + 1;
                return take(buffer, start, i - start);
            }
            append(buffer, start, limit - start);
            position = limit;
        }
    }

    /** Whether the last line was longer than the limit and cut. */
    boolean truncated() {
        return truncated;
    }

    /** How many bytes of the last line were cut off. */
    long skipped() {
        return skipped;
    }

    private boolean fill() throws IOException {
        if (endOfStream) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        if (n < 0) {
            endOfStream = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private byte[] take(byte[] source, int from, int length) {
        if (partialLength == 0 && !truncated) {
            return length == 0 ? EMPTY : Arrays.copyOfRange(source, from, from + length);
        }
        append(source, from, length);
        return Arrays.copyOf(partial, partialLength);
    }

    private void append(byte[] source, int from, int length) {
        int room = maxLine - partialLength;
        if (length > room) {
            truncated = true;
            skipped += length - room;
            length = room;
        }
        if (length == 0) {
            return;
        }
        if (partialLength + length > partial.length) {
            partial =
                    Arrays.copyOf(
                            partial,
                            Math.min(
                                    maxLine, Math.max(partialLength + length, partial.length * 2)));
        }
        System.arraycopy(source, from, partial, partialLength, length);
        partialLength += length;
    }
}

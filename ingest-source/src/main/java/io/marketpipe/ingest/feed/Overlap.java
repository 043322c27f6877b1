package io.marketpipe.ingest.feed;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The end of a rotation: when may the old connection go? Not when the replacement has delivered on
 * every stream, because the old one may still hold frames it has been sent but not yet read (a
 * client that closes stops decoding what is in its socket), and those were sent before the
 * replacement's streams began. It goes once it has forwarded a data frame the replacement forwarded
 * too, counting from the replacement's handover: the server sends each frame to every connection in
 * the same order, so by then the old one has forwarded everything it was sent before the
 * replacement's streams began. Either side may be ahead, so both remember what they forwarded until
 * one finds the other's frame. Frames are compared by a 64-bit hash of their bytes; only data
 * frames (of a stream) count.
 */
final class Overlap {
    /** Frames remembered per side, at most: a rotation ends within seconds. */
    static final int MAX_FRAMES = 1 << 16;

    /** Retires the old connection; told whether it caught up (or the wait was ended). */
    private final Consumer<Boolean> retireOld;

    private final Set<Long> fromOld = new HashSet<>();
    private final Set<Long> fromReplacement = new HashSet<>();
    private boolean done;

    Overlap(Consumer<Boolean> retireOld) {
        this.retireOld = retireOld;
    }

    /** A data frame the old connection forwarded. */
    void old(byte[] frame) {
        if (seen(hash(frame), fromReplacement, fromOld)) {
            retireOld.accept(true);
        }
    }

    /** A data frame the replacement forwarded. */
    void replacement(byte[] frame) {
        if (seen(hash(frame), fromOld, fromReplacement)) {
            retireOld.accept(true);
        }
    }

    /** Ends it without proof (the bound passed, or the old connection went first). */
    void end() {
        boolean first;
        synchronized (this) {
            first = !done;
            finish();
        }
        if (first) {
            retireOld.accept(false);
        }
    }

    synchronized boolean done() {
        return done;
    }

    private synchronized boolean seen(long hash, Set<Long> other, Set<Long> mine) {
        if (done) {
            return false;
        }
        if (other.contains(hash)) {
            finish();
            return true;
        }
        if (mine.size() < MAX_FRAMES) {
            mine.add(hash);
        }
        return false;
    }

    private void finish() {
        done = true;
        fromOld.clear();
        fromReplacement.clear();
    }

    /** FNV-1a, 64 bits. */
    static long hash(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}

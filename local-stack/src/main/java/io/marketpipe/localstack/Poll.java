package io.marketpipe.localstack;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes. Exceptions count as "not yet". */
public final class Poll {
    private static final long INTERVAL_MILLIS = 100;

    private Poll() {}

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                String cause = last == null ? "" : " (last error: " + last.getMessage() + ")";
                throw new StackException(
                        "timed out after " + timeout.toSeconds() + " s waiting for " + what + cause,
                        last);
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + what, e);
            }
        }
    }
}

package io.marketpipe.job.decode;

/**
 * The rule for a receive time that comes from outside the job (an envelope's header, a recorded
 * capture's column): a time the frame could have been received, from 2010 up to a minute after the
 * time it is read. Anything else (0, a negative time, {@code Long.MAX_VALUE}, 2099) is impossible
 * and must not be trusted: every trade's far-future bound is measured from it, so a receive time in
 * 2099 would let a trade dated 2099 move the watermark past every genuine trade. Plain Java.
 */
public final class ReceiveTimes {
    /** How far a receive time may be after the read time: clocks of forwarder and job differ. */
    public static final long MAX_AHEAD_OF_READ_MICROS = 60_000_000L;

    private ReceiveTimes() {}

    /** Why {@code receivedMicros} is impossible for a frame read at {@code readMicros}, or null. */
    public static String fault(long receivedMicros, long readMicros) {
        if (receivedMicros < Timestamps.MIN_MILLIS * 1_000) {
            return "receive time " + receivedMicros + " us is before 2010";
        }
        if (receivedMicros - readMicros > MAX_AHEAD_OF_READ_MICROS) {
            return "receive time "
                    + receivedMicros
                    + " us is more than "
                    + MAX_AHEAD_OF_READ_MICROS / 1_000_000
                    + " s after the time it was read, "
                    + readMicros
                    + " us";
        }
        return null;
    }
}

package io.marketpipe.schemas.envelope;

/**
 * Layout of an envelope record (all integers little-endian); see schemas/README.md.
 *
 * <pre>
 * record := magic u16 (0x504D, "MP") | version u8 | flags u8 | frameCount u16 | frameHeaderLength u16 | frame*
 * frame  := venue u8 | encoding u8 | origin u8 | reserved u8 | connectionId u32 | sequence u64
 *           | receivedMicros u64 | payloadLength u32 | (frameHeaderLength - 28 bytes a later version added)
 *           | payload
 * </pre>
 *
 * A reader of version 1 accepts a longer {@code frameHeaderLength} and skips the fields it does not
 * know, so fields can be appended to the frame header without breaking deployed readers.
 */
public final class EnvelopeFormat {
    public static final short MAGIC = 0x504D;
    public static final byte VERSION = 1;
    public static final int RECORD_HEADER_LENGTH = 8;
    public static final int FRAME_HEADER_LENGTH = 28;

    /** Kinesis caps a record at 1 MiB including the partition key. */
    public static final int MAX_RECORD_BYTES = 1_000_000;

    /** The largest payload one frame can carry: a record holding only that frame. */
    public static final int MAX_PAYLOAD_BYTES =
            MAX_RECORD_BYTES - RECORD_HEADER_LENGTH - FRAME_HEADER_LENGTH;

    public static final int MAX_FRAMES = 0xFFFF;

    private EnvelopeFormat() {}
}

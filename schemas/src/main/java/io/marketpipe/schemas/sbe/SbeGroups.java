package io.marketpipe.schemas.sbe;

/**
 * The one check every reader of an SBE repeating group makes before walking it: a group whose
 * entries are shorter than the schema's or that claims more entries than the frame has bytes for is
 * hostile or torn (a block length of 0 would repeat one entry up to 2^31 times).
 */
public final class SbeGroups {
    private SbeGroups() {}

    /**
     * Why a group of {@code count} entries of {@code blockLength} bytes cannot be read from the
     * {@code bytesLeft} after its header, or null when it can.
     */
    public static String unfit(long count, int blockLength, int schemaBlockLength, long bytesLeft) {
        if (blockLength < schemaBlockLength) {
            return "entries of "
                    + blockLength
                    + " bytes are shorter than the schema's "
                    + schemaBlockLength;
        }
        if (count * blockLength > bytesLeft) {
            return count
                    + " entries of "
                    + blockLength
                    + " bytes do not fit the "
                    + bytesLeft
                    + " bytes left";
        }
        return null;
    }
}

package io.marketpipe.ingest.kinesis;

/**
 * Where a frame's record goes.
 *
 * @param batchKey frames with the same batch key share records, in order
 * @param partitionKey the record's partition key
 * @param explicitHashKey the record's explicit hash key (decimal), or null to hash the partition
 *     key
 */
public record Route(String batchKey, String partitionKey, String explicitHashKey) {
    /** One batch per partition key, routed by Kinesis' hash of it. */
    public static Route byKey(String partitionKey) {
        return new Route(partitionKey, partitionKey, null);
    }
}

package io.marketpipe.ingest.envelope;

/**
 * A finished envelope record waiting for Kinesis.
 *
 * @param batchKey the batch it was sealed from (one in flight per batch key)
 * @param partitionKey its partition key
 * @param explicitHashKey its explicit hash key, or null
 */
public record SealedRecord(
        String batchKey,
        String partitionKey,
        String explicitHashKey,
        byte[] data,
        int frameCount) {}

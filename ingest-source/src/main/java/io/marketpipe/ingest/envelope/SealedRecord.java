package io.marketpipe.ingest.envelope;

/** A finished envelope record waiting for Kinesis. */
public record SealedRecord(String partitionKey, byte[] data, int frameCount) {}

package io.marketpipe.ingest.kinesis;

import io.marketpipe.ingest.envelope.SealedRecord;
import java.util.List;

/** One PutRecords call. Returns, per record, null on success or the error code. */
@FunctionalInterface
public interface RecordPutter {
    /** Kinesis PutRecords accepts at most 500 records and 5 MiB per call. */
    int MAX_RECORDS = 500;

    long MAX_BYTES = 5L << 20;

    List<String> put(List<SealedRecord> records) throws Exception;
}

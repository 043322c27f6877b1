package io.marketpipe.ingest.kinesis;

import io.marketpipe.ingest.envelope.SealedRecord;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/** PutRecords through the AWS SDK. */
public final class SdkRecordPutter implements RecordPutter {
    private final KinesisClient kinesis;
    private final String streamName;

    public SdkRecordPutter(KinesisClient kinesis, String streamName) {
        this.kinesis = kinesis;
        this.streamName = streamName;
    }

    @Override
    public List<String> put(List<SealedRecord> records) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>(records.size());
        for (SealedRecord r : records) {
            entries.add(
                    PutRecordsRequestEntry.builder()
                            .partitionKey(r.partitionKey())
                            .explicitHashKey(r.explicitHashKey())
                            .data(SdkBytes.fromByteArrayUnsafe(r.data()))
                            .build());
        }
        PutRecordsResponse response =
                kinesis.putRecords(b -> b.streamName(streamName).records(entries));
        List<String> outcome = new ArrayList<>(records.size());
        for (PutRecordsResultEntry result : response.records()) {
            outcome.add(result.errorCode());
        }
        return outcome;
    }
}

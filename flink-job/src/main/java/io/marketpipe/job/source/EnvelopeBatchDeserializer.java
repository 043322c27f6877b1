package io.marketpipe.job.source;

import io.marketpipe.job.decode.FrameDecoder;
import io.marketpipe.job.decode.TradeRules;
import io.marketpipe.job.model.MarketEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;

/**
 * The enhanced fan-out reader's deserializer: that consumer takes one value per Kinesis record, so
 * a record's decoded events travel together with their shard id, and {@link ShardBatchOperator}
 * spreads them out with their own trade times and per-shard watermarks.
 */
public final class EnvelopeBatchDeserializer
        implements KinesisDeserializationSchema<Tuple2<String, List<MarketEvent>>> {
    private static final long serialVersionUID = 1L;

    private final TradeRules rules;
    private transient FrameDecoder decoder;

    public EnvelopeBatchDeserializer(TradeRules rules) {
        this.rules = rules;
    }

    @Override
    public Tuple2<String, List<MarketEvent>> deserialize(
            byte[] record,
            String partitionKey,
            String sequenceNumber,
            long approximateArrivalTimestamp,
            String stream,
            String shardId) {
        if (decoder == null) {
            decoder = new FrameDecoder(rules);
        }
        List<MarketEvent> events = new ArrayList<>();
        EnvelopeDeserializer.decodeRecord(decoder, record, events::add);
        return Tuple2.of(shardId, events);
    }

    @Override
    public TypeInformation<Tuple2<String, List<MarketEvent>>> getProducedType() {
        return Types.TUPLE(Types.STRING, new ListTypeInfo<>(TypeInformation.of(MarketEvent.class)));
    }
}

package io.marketpipe.job.sinks.dynamo;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** A table written only forward: a put is refused when the stored item is newer. */
interface ConditionalStore<T> extends AutoCloseable {
    /** Writes {@code item} unless the stored one is newer; returns whether it was written. */
    boolean putIfNewer(T item);

    /** How many items {@link #putAllIfNewer} takes at most. */
    default int batchSize() {
        return 1;
    }

    /**
     * {@link #putIfNewer} for each of {@code items} (at most {@link #batchSize()}, of distinct
     * keys), in as few requests as the store can; whether each was written, in order.
     */
    default boolean[] putAllIfNewer(List<T> items) {
        boolean[] written = new boolean[items.size()];
        for (int i = 0; i < written.length; i++) {
            written[i] = putIfNewer(items.get(i));
        }
        return written;
    }

    @Override
    void close();

    /**
     * PutItem of {@code item} only if {@code condition} holds: the one conditional write every
     * store's {@link #putIfNewer} makes. False when the condition refused it (a newer item is
     * stored).
     */
    static boolean put(
            DynamoDbClient client,
            String table,
            Map<String, AttributeValue> item,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        try {
            client.putItem(
                    r ->
                            r.tableName(table)
                                    .item(item)
                                    .conditionExpression(condition)
                                    .expressionAttributeNames(names)
                                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException newerStored) {
            return false;
        }
    }
}

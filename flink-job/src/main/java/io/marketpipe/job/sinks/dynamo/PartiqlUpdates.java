package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.model.Decimals;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;

/**
 * Conditional writes in batches: PartiQL UPDATEs sent as one {@code BatchExecuteStatement} (a batch
 * of PutItems takes no condition). An UPDATE cannot create an item, so a store retries what a batch
 * did not apply as its single conditional PutItem ({@link PartiqlStore#putAllIfNewer}).
 */
final class PartiqlUpdates {
    /** BatchExecuteStatement's limit. */
    static final int BATCH = 25;

    private PartiqlUpdates() {}

    /**
     * {@code UPDATE "table" SET "a" = ?, ... [remove] WHERE "key" = ? AND (condition)}, every
     * identifier quoted so that none can collide with a PartiQL keyword; the parameters go in that
     * order: the set values, the key, then the condition's.
     */
    static String statement(
            String table, List<String> set, String remove, String key, String condition) {
        StringBuilder sql = new StringBuilder("UPDATE \"").append(table).append("\" SET ");
        for (int i = 0; i < set.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append('"').append(set.get(i)).append("\" = ?");
        }
        return sql.append(remove)
                .append(" WHERE \"")
                .append(key)
                .append("\" = ? AND (")
                .append(condition)
                .append(')')
                .toString();
    }

    /**
     * A money amount as a DynamoDB number in its shortest form ({@code 114.2}, not {@code
     * 114.20000000}): DynamoDB Local keeps a PutItem's digits as sent but gives back an UPDATE's
     * normalized, so both ways of writing an item must send the same form for the item to read the
     * same whichever wrote it last.
     */
    static AttributeValue number(long units) {
        return AttributeValue.fromN(
                Decimals.toBigDecimal(units).stripTrailingZeros().toPlainString());
    }

    /** Runs {@code statements} as one batch: which of them were applied, in their order. */
    static boolean[] applied(DynamoDbClient client, List<BatchStatementRequest> statements) {
        List<BatchStatementResponse> responses =
                client.batchExecuteStatement(r -> r.statements(statements)).responses();
        boolean[] applied = new boolean[statements.size()];
        for (int i = 0; i < applied.length; i++) {
            // the answers come in the statements' order
            applied[i] = responses.get(i).error() == null;
        }
        return applied;
    }
}

package io.marketpipe.localstack;

import io.marketpipe.schemas.tables.DynamoTables;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/** Creates the streams, tables and bucket if they are missing, and waits until each is ready. */
public final class Resources {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private Resources() {}

    public static void createStream(KinesisClient kinesis, String name, int shards) {
        boolean exists = kinesis.listStreams(r -> r.limit(10_000)).streamNames().contains(name);
        if (!exists) {
            try {
                kinesis.createStream(r -> r.streamName(name).shardCount(shards));
            } catch (software.amazon.awssdk.services.kinesis.model.ResourceInUseException raced) {
                // created meanwhile by someone else: fine
            }
        }
        Poll.until(
                "stream " + name + " to become ACTIVE",
                READY_TIMEOUT,
                () ->
                        kinesis.describeStreamSummary(r -> r.streamName(name))
                                        .streamDescriptionSummary()
                                        .streamStatus()
                                == StreamStatus.ACTIVE);
    }

    /**
     * A Direct PUT delivery stream into {@code bucket} under {@code prefix}, unless it exists; the
     * role is a placeholder (moto does not check it).
     */
    public static void createDeliveryStream(
            FirehoseClient firehose, String name, String bucket, String prefix) {
        if (firehose.listDeliveryStreams(r -> r.limit(10_000))
                .deliveryStreamNames()
                .contains(name)) {
            return;
        }
        firehose.createDeliveryStream(
                r ->
                        r.deliveryStreamName(name)
                                .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                                .extendedS3DestinationConfiguration(
                                        d ->
                                                d.bucketARN("arn:aws:s3:::" + bucket)
                                                        .prefix(prefix)
                                                        .roleARN(
                                                                "arn:aws:iam::000000000000:role/local-firehose")
                                                        .bufferingHints(
                                                                b ->
                                                                        b.intervalInSeconds(60)
                                                                                .sizeInMBs(1))));
    }

    public static void createLatestPriceTable(DynamoDbClient dynamo, String name) {
        createTable(dynamo, name, DynamoTables.LATEST_PK, null, null);
    }

    public static void createTopOfBookTable(DynamoDbClient dynamo, String name) {
        createTable(dynamo, name, DynamoTables.TOP_OF_BOOK_PK, null, null);
    }

    public static void createBarsTable(DynamoDbClient dynamo, String name) {
        createTable(
                dynamo, name, DynamoTables.BARS_PK, DynamoTables.BARS_SK, ScalarAttributeType.N);
    }

    public static void createSignalsTable(DynamoDbClient dynamo, String name) {
        createTable(
                dynamo,
                name,
                DynamoTables.SIGNALS_PK,
                DynamoTables.SIGNALS_SK,
                ScalarAttributeType.S);
    }

    public static void createPositionsTable(DynamoDbClient dynamo, String name) {
        createTable(dynamo, name, DynamoTables.POSITIONS_PK, null, null);
    }

    private static void createTable(
            DynamoDbClient dynamo,
            String name,
            String hashKey,
            String rangeKey,
            ScalarAttributeType rangeType) {
        CreateTableRequest.Builder request =
                CreateTableRequest.builder()
                        .tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST);
        if (rangeKey == null) {
            request.keySchema(key(hashKey, KeyType.HASH))
                    .attributeDefinitions(attribute(hashKey, ScalarAttributeType.S));
        } else {
            request.keySchema(key(hashKey, KeyType.HASH), key(rangeKey, KeyType.RANGE))
                    .attributeDefinitions(
                            attribute(hashKey, ScalarAttributeType.S),
                            attribute(rangeKey, rangeType));
        }
        try {
            dynamo.createTable(request.build());
        } catch (ResourceInUseException exists) {
            // idempotent: the table is already there
        }
        Poll.until(
                "table " + name + " to become ACTIVE",
                READY_TIMEOUT,
                () ->
                        dynamo.describeTable(r -> r.tableName(name)).table().tableStatus()
                                == TableStatus.ACTIVE);
    }

    public static void createBucket(S3Client s3, String bucket) {
        try {
            s3.createBucket(r -> r.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException exists) {
            // idempotent
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
        Poll.until(
                "bucket " + bucket,
                READY_TIMEOUT,
                () -> s3.headBucket(r -> r.bucket(bucket)) != null);
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }
}

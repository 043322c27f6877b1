package io.marketpipe.localstack;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/** AWS SDK clients pointed at a local stack. The caller closes them. */
public final class AwsClients {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private AwsClients() {}

    public static KinesisClient kinesis(StackConfig stack) {
        return KinesisClient.builder()
                .endpointOverride(stack.kinesisEndpoint())
                .region(Region.of(StackConfig.REGION))
                .credentialsProvider(credentials())
                .httpClient(http())
                .build();
    }

    public static DynamoDbClient dynamoDb(StackConfig stack) {
        return DynamoDbClient.builder()
                .endpointOverride(stack.dynamoDbEndpoint())
                .region(Region.of(StackConfig.REGION))
                .credentialsProvider(credentials())
                .httpClient(http())
                .build();
    }

    public static S3Client s3(StackConfig stack) {
        return s3(stack.s3Endpoint());
    }

    static S3Client s3(URI endpoint) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(StackConfig.REGION))
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .httpClient(http())
                .build();
    }

    /** The local Firehose (moto). */
    public static FirehoseClient firehose(StackConfig stack) {
        return FirehoseClient.builder()
                .endpointOverride(stack.firehoseEndpoint())
                .region(Region.of(StackConfig.REGION))
                .credentialsProvider(credentials())
                .httpClient(http())
                .build();
    }

    /** The S3 that the local Firehose delivers into (moto's own, on the Firehose port). */
    public static S3Client firehoseS3(StackConfig stack) {
        return s3(stack.firehoseEndpoint());
    }

    /**
     * How many items {@code table} holds, over every page of a COUNT scan (a page stops at 1 MB).
     */
    public static long itemCount(DynamoDbClient dynamo, String table) {
        return dynamo.scanPaginator(r -> r.tableName(table).select(Select.COUNT)).stream()
                .mapToLong(ScanResponse::count)
                .sum();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(StackConfig.ACCESS_KEY, StackConfig.SECRET_KEY));
    }

    private static SdkHttpClient http() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(TIMEOUT)
                .socketTimeout(TIMEOUT)
                .build();
    }
}

package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import java.time.Duration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** DynamoDB clients for the conditional stores, as the job's AWS settings say. */
final class DynamoClients {
    private DynamoClients() {}

    /**
     * A client that keeps up to {@code connections} connections open, one per write in flight, so
     * concurrent writes reuse them instead of opening (and on AWS, handshaking) new ones. Without
     * the SDK's idle-connection reaper: that thread is shared by the JVM and started from the
     * task's thread, so it could outlive the job (and hold its class loader); connections instead
     * live at most a minute, which also bounds how long a half-closed one can be reused.
     */
    static DynamoDbClient create(AwsSettings aws, int connections) {
        DynamoDbClientBuilder builder =
                DynamoDbClient.builder()
                        .region(Region.of(aws.region()))
                        .credentialsProvider(aws.credentials())
                        .httpClient(
                                ApacheHttpClient.builder()
                                        .maxConnections(connections)
                                        .socketTimeout(Duration.ofSeconds(30))
                                        .useIdleConnectionReaper(false)
                                        .connectionTimeToLive(Duration.ofMinutes(1))
                                        .build());
        aws.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}

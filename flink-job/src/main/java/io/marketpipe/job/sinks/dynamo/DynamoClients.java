package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** DynamoDB clients for the conditional stores, as the job's AWS settings say. */
final class DynamoClients {
    private DynamoClients() {}

    static DynamoDbClient create(AwsSettings aws) {
        DynamoDbClientBuilder builder =
                DynamoDbClient.builder()
                        .region(Region.of(aws.region()))
                        .credentialsProvider(aws.credentials())
                        .httpClient(
                                UrlConnectionHttpClient.builder()
                                        .socketTimeout(Duration.ofSeconds(30))
                                        .build());
        aws.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}

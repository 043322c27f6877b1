package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.config.AwsSettings;
import io.marketpipe.job.config.JobConfig;
import io.marketpipe.localstack.StackConfig;
import java.util.Map;
import java.util.Properties;

/** The job's AWS settings for a local stack's DynamoDB, with its static keys. */
final class LocalAws {
    private LocalAws() {}

    static AwsSettings dynamoDb(StackConfig cfg) {
        Properties aws = new Properties();
        aws.setProperty("endpoint.dynamodb", cfg.dynamoDbEndpoint().toString());
        aws.setProperty("credentials.access-key-id", StackConfig.ACCESS_KEY);
        aws.setProperty("credentials.secret-key", StackConfig.SECRET_KEY);
        return JobConfig.fromPropertyGroups(Map.of(JobConfig.AWS, aws)).aws();
    }
}

package io.marketpipe.job.config;

import java.io.Serializable;
import java.net.URI;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Region, endpoint overrides and credentials for the job's AWS clients. On AWS only the region is
 * set and credentials come from the application's role; locally, endpoints and BASIC credentials
 * point at emulators.
 */
public final class AwsSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String region;
    private final String kinesisEndpoint;
    private final String dynamoDbEndpoint;
    private final String firehoseEndpoint;
    private final String accessKeyId;
    private final String secretKey;

    AwsSettings(
            String region,
            String kinesisEndpoint,
            String dynamoDbEndpoint,
            String firehoseEndpoint,
            String accessKeyId,
            String secretKey) {
        this.region = region;
        this.kinesisEndpoint = kinesisEndpoint;
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.firehoseEndpoint = firehoseEndpoint;
        this.accessKeyId = accessKeyId;
        this.secretKey = secretKey;
    }

    public String region() {
        return region;
    }

    public Optional<URI> dynamoDbEndpoint() {
        return Optional.ofNullable(dynamoDbEndpoint).map(URI::create);
    }

    public AwsCredentialsProvider credentials() {
        return accessKeyId == null
                ? DefaultCredentialsProvider.create()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretKey));
    }

    /**
     * Properties in the AWS connectors' vocabulary (plain keys; the connector jar relocates its
     * constants).
     */
    public Properties connectorProperties(boolean kinesis) {
        return properties(kinesis ? kinesisEndpoint : dynamoDbEndpoint);
    }

    /** Properties for the Firehose connector. */
    public Properties firehoseProperties() {
        return properties(firehoseEndpoint);
    }

    private Properties properties(String endpoint) {
        Properties props = new Properties();
        props.setProperty("aws.region", region);
        if (endpoint != null) {
            props.setProperty("aws.endpoint", endpoint);
        }
        if (accessKeyId != null) {
            props.setProperty("aws.credentials.provider", "BASIC");
            props.setProperty("aws.credentials.provider.basic.accesskeyid", accessKeyId);
            props.setProperty("aws.credentials.provider.basic.secretkey", secretKey);
        } else {
            props.setProperty("aws.credentials.provider", "AUTO");
        }
        return props;
    }
}

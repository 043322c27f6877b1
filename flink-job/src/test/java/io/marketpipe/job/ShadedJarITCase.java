package io.marketpipe.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The uploadable job jar: Java 11 bytecode, its main class, its connectors, and no Flink core. */
class ShadedJarITCase {
    private static final int JAVA_11_MAJOR = 55;

    @Test
    void jobJarRunsOnJava11AndLeavesFlinkCoreToTheCluster() throws IOException {
        Path jar = jobJar();
        List<String> tooNew = new ArrayList<>();
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            assertThat(jarFile.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(MarketDataJob.class.getName());
            assertThat(jarFile.getEntry("io/marketpipe/job/MarketDataJob.class")).isNotNull();
            assertThat(
                            jarFile.getEntry(
                                    "org/apache/flink/connector/kinesis/source/KinesisStreamsSource.class"))
                    .isNotNull();
            assertThat(
                            jarFile.getEntry(
                                    "org/apache/flink/connector/dynamodb/sink/DynamoDbSink.class"))
                    .isNotNull();
            assertThat(
                            jarFile.getEntry(
                                    "org/apache/flink/formats/parquet/ParquetWriterFactory.class"))
                    .isNotNull();
            assertThat(jarFile.getEntry("io/marketpipe/schemas/lake/TradeRecord.class"))
                    .isNotNull();
            assertThat(
                            jarFile.getEntry(
                                    "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class"))
                    .as("Flink core is provided")
                    .isNull();
            assertThat(jarFile.getEntry("org/apache/flink/runtime/jobgraph/JobGraph.class"))
                    .isNull();
            for (Enumeration<JarEntry> entries = jarFile.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class")
                        && !entry.getName().startsWith("META-INF/versions/")) {
                    try (InputStream in = jarFile.getInputStream(entry)) {
                        DataInputStream data = new DataInputStream(in);
                        data.readInt();
                        data.readUnsignedShort();
                        if (data.readUnsignedShort() > JAVA_11_MAJOR) {
                            tooNew.add(entry.getName());
                        }
                    }
                }
            }
        }
        assertThat(tooNew).as("classes newer than Java 11").isEmpty();
        assertThat(Files.size(jar)).as("jar size").isLessThan(150L << 20);
    }

    private static Path jobJar() throws IOException {
        try (DirectoryStream<Path> jars =
                Files.newDirectoryStream(Path.of("target"), "flink-job-*-job.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("no target/flink-job-*-job.jar: run mvn package first");
    }
}

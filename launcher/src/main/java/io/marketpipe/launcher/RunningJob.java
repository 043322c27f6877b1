package io.marketpipe.launcher;

import io.marketpipe.localstack.FlinkCluster;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

/** The job of a local run: in this JVM's MiniCluster, or on a real cluster over REST. */
interface RunningJob {
    JobStatus status();

    /** The job's id, as the REST API names it. */
    String jobId();

    /** Running with every task deployed (status RUNNING can come before the tasks are). */
    default boolean ready() {
        return status() == JobStatus.RUNNING;
    }

    /** How many times the job restarted after a failure (on a cluster; else unsupported). */
    default long restarts() {
        throw new UnsupportedOperationException("restarts are counted on a cluster");
    }

    /** The accounting so far (zeros until the first report). */
    JobCounts counts();

    /** Stops with a savepoint under {@code directory}; returns the final accounting. */
    default JobCounts stop(String directory, Duration timeout) throws Exception {
        return stop(directory, timeout, false);
    }

    /**
     * Stops with a savepoint in {@code directory}; with {@code drain}, windows fire and sinks flush
     * everything first (an end for good, not a pause).
     */
    JobCounts stop(String directory, Duration timeout, boolean drain) throws Exception;

    void cancel() throws Exception;

    /** Where the last stop's savepoint went, or null. */
    String savepoint();

    /** In this JVM. */
    static RunningJob of(JobClient client) {
        return new RunningJob() {
            private String savepoint;

            @Override
            public String jobId() {
                return client.getJobID().toHexString();
            }

            @Override
            public String savepoint() {
                return savepoint;
            }

            @Override
            public JobStatus status() {
                try {
                    return client.getJobStatus().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(
                            "cannot read the job status: " + e.getMessage(), e);
                }
            }

            @Override
            public JobCounts counts() {
                try {
                    return JobCounts.of(client.getAccumulators().get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    return JobCounts.NONE; // not reported yet; the next progress line has them
                }
            }

            @Override
            public JobCounts stop(String directory, Duration timeout, boolean drain)
                    throws Exception {
                savepoint =
                        client.stopWithSavepoint(drain, directory, SavepointFormatType.CANONICAL)
                                .get(timeout.toSeconds(), TimeUnit.SECONDS);
                // the final accumulators, from the finished job itself, not a racing status query
                return JobCounts.of(
                        client.getJobExecutionResult()
                                .get(timeout.toSeconds(), TimeUnit.SECONDS)
                                .getAllAccumulatorResults());
            }

            @Override
            public void cancel() throws Exception {
                client.cancel().get(30, TimeUnit.SECONDS);
            }
        };
    }

    /** On a real cluster, over its REST API. */
    static RunningJob of(FlinkCluster cluster, String jobId) {
        return new RunningJob() {
            private String lastSavepoint;

            @Override
            public String jobId() {
                return jobId;
            }

            @Override
            public String savepoint() {
                return lastSavepoint;
            }

            @Override
            public JobStatus status() {
                try {
                    return JobStatus.valueOf(cluster.jobState(jobId));
                } catch (Exception e) {
                    throw new IllegalStateException(
                            "cannot read the job status: " + e.getMessage(), e);
                }
            }

            @Override
            public boolean ready() {
                try {
                    return cluster.allTasksRunning(jobId);
                } catch (Exception e) {
                    return false;
                }
            }

            @Override
            public long restarts() {
                try {
                    return cluster.restarts(jobId);
                } catch (Exception e) {
                    throw new IllegalStateException(
                            "cannot read the job's restarts: " + e.getMessage(), e);
                }
            }

            @Override
            public JobCounts counts() {
                try {
                    return JobCounts.of(cluster.accumulators(jobId));
                } catch (Exception e) {
                    return JobCounts.NONE;
                }
            }

            @Override
            public JobCounts stop(String directory, Duration timeout, boolean drain)
                    throws Exception {
                lastSavepoint =
                        cluster.stopWithSavepoint(
                                jobId,
                                java.nio.file.Path.of(java.net.URI.create(directory)),
                                timeout,
                                drain);
                io.marketpipe.localstack.Poll.until(
                        "the job to finish", timeout, () -> status().isGloballyTerminalState());
                return JobCounts.of(cluster.accumulators(jobId));
            }

            @Override
            public void cancel() {
                // the cluster's processes are stopped with it
            }

            @Override
            public String toString() {
                return "job "
                        + jobId
                        + (lastSavepoint == null ? "" : " (savepoint " + lastSavepoint + ")");
            }
        };
    }
}

variable "name" {
  description = "Prefix of every resource name, e.g. marketpipe-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2 to 41 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "jar_bucket_arn" {
  description = "ARN of the versioned bucket holding the job jar."
  type        = string
}

variable "jar_key" {
  description = "Object key of the shaded job jar, e.g. flink-job/flink-job-0.1.0-job.jar."
  type        = string

  validation {
    condition     = can(regex("\\.jar$", var.jar_key))
    error_message = "jar_key must name a .jar object."
  }
}

variable "jar_object_version" {
  description = "S3 object version of the jar: an update runs exactly this build."
  type        = string

  validation {
    condition     = length(var.jar_object_version) > 0
    error_message = "jar_object_version is required: the artifacts bucket is versioned."
  }
}

variable "property_groups" {
  description = "The job's runtime properties: group => key => value (see the README's table; tests check every key exists)."
  type        = map(map(string))
}

variable "parallelism" {
  description = "Job parallelism."
  type        = number
  default     = 2

  validation {
    condition     = var.parallelism >= 1 && floor(var.parallelism) == var.parallelism
    error_message = "parallelism must be a whole number >= 1."
  }
}

variable "parallelism_per_kpu" {
  description = "Parallel tasks per KPU (1 vCPU, 4 GiB); KPUs = parallelism / this, plus one for orchestration."
  type        = number
  default     = 1

  validation {
    condition     = var.parallelism_per_kpu >= 1 && var.parallelism_per_kpu <= 8
    error_message = "parallelism_per_kpu must be from 1 to 8."
  }
}

variable "autoscaling" {
  description = "Let Managed Flink scale parallelism with CPU."
  type        = bool
  default     = false
}

variable "checkpoint_interval_ms" {
  description = "Checkpoint interval; the Parquet lake commits files on each checkpoint."
  type        = number
  default     = 60000

  validation {
    condition     = var.checkpoint_interval_ms >= 1000
    error_message = "checkpoint_interval_ms must be at least 1000."
  }
}

variable "min_pause_between_checkpoints_ms" {
  description = "Minimum pause between the end of one checkpoint and the start of the next."
  type        = number
  default     = 5000
}

variable "log_level" {
  description = "Application log level sent to CloudWatch Logs: INFO, WARN, ERROR or DEBUG."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["INFO", "WARN", "ERROR", "DEBUG"], var.log_level)
    error_message = "log_level must be INFO, WARN, ERROR or DEBUG."
  }
}

variable "log_retention_days" {
  description = "Days the application's logs are kept."
  type        = number
  default     = 30
}

variable "start_application" {
  description = "Run the application after apply (restoring from its latest snapshot)."
  type        = bool
  default     = true
}

variable "kms_key_arns" {
  description = "Keys of the streams, lake and tables the job reads and writes (decrypt and generate data keys)."
  type        = list(string)
}

variable "raw_stream_arn" {
  description = "The raw stream the job reads."
  type        = string
}

variable "efo_reader" {
  description = "Whether the job reads by enhanced fan-out (source / kinesis.reader = EFO): only then is it granted the consumer. A flag known at plan time, unlike the consumer's ARN."
  type        = bool
}

variable "efo_consumer_arn" {
  description = "The enhanced fan-out consumer registered for the job (with source / kinesis.reader = EFO); null for the polling reader, which is then granted nothing on consumers."
  type        = string
  default     = null
}

variable "quarantine_stream_arn" {
  description = "The quarantine stream the job writes."
  type        = string
}

variable "lake_bucket_arn" {
  description = "The lake bucket."
  type        = string
}

variable "lake_prefix" {
  description = "Prefix of the lake's tables in the bucket."
  type        = string
}

variable "batch_table_arns" {
  description = "Tables written with BatchWriteItem (the connector's DynamoDbSink): bars."
  type        = list(string)
}

variable "conditional_table_arns" {
  description = "Tables written with PutItem, conditional or keyed: latest price, positions, signals."
  type        = list(string)
}

variable "firehose_stream_arns" {
  description = "Delivery streams the job's Firehose sinks write (sinks / firehose.<table>.stream)."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

variable "allow_non_restored_state" {
  description = "Let a restore skip snapshot state no operator of the new job takes (see the stack's variable of the same name)."
  type        = bool
  default     = false
}

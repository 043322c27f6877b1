variable "name" {
  description = "Prefix of every resource name, e.g. marketpipe-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2 to 41 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "raw_stream_name" {
  description = "The raw stream."
  type        = string
}

variable "quarantine_stream_name" {
  description = "The quarantine stream."
  type        = string
}

variable "application_name" {
  description = "The Managed Flink application."
  type        = string
}

variable "table_names" {
  description = "DynamoDB tables to watch for throttling, by role."
  type        = map(string)
}

variable "forwarder_namespace" {
  description = "CloudWatch namespace of the forwarder's embedded metrics (its metrics.namespace setting)."
  type        = string
  default     = "Marketpipe/Forwarder"
}

variable "behind_latest_ms" {
  description = "Alarm when the job reads the raw stream more than this many ms behind its head (millisBehindLatest)."
  type        = number
  default     = 60000
}

variable "checkpoint_duration_ms" {
  description = "Alarm when a checkpoint takes longer than this (ms), two periods running."
  type        = number
  default     = 60000
}

variable "heap_percent" {
  description = "Alarm when the job's heap is more used than this (percent), 15 minutes running."
  type        = number
  default     = 90
}

variable "cpu_percent" {
  description = "Alarm when the job's CPU is more used than this (percent), 15 minutes running."
  type        = number
  default     = 85
}

variable "firehose_stream_names" {
  description = "Firehose delivery streams to watch for freshness, by role."
  type        = map(string)
  default     = {}
}

variable "firehose_freshness_s" {
  description = "Alarm when a Firehose stream holds a record older than this many seconds (its buffer interval is at most 900)."
  type        = number
  default     = 1200
}

variable "forwarder_cluster_name" {
  description = "The forwarder's ECS cluster (Container Insights on: RunningTaskCount)."
  type        = string
}

variable "forwarder_service_name" {
  description = "The forwarder's ECS service."
  type        = string
}

variable "quarantined_per_5min" {
  description = "Alarm when more records than this reach the quarantine stream in 5 minutes."
  type        = number
  default     = 100
}

variable "reconnects_per_5min" {
  description = "Alarm when the forwarder reconnects more often than this in 5 minutes."
  type        = number
  default     = 5
}

variable "backpressure_ms_per_5min" {
  description = "Alarm when the forwarder held its feeds back (buffer full) longer than this in 5 minutes."
  type        = number
  default     = 1000
}

variable "alarm_email" {
  description = "Where alarms are mailed (empty: no subscription; add your own to the topic)."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

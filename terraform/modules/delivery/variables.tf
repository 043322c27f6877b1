variable "name" {
  description = "Prefix of every resource name, e.g. marketpipe-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2 to 41 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "raw_stream_arn" {
  description = "The raw stream whose every record the archive keeps."
  type        = string
}

variable "stream_kms_key_arn" {
  description = "The key the raw stream is encrypted with."
  type        = string
}

variable "bucket_arn" {
  description = "The bucket the archive and the job's tables are delivered to (the lake bucket)."
  type        = string
}

variable "bucket_kms_key_arn" {
  description = "The key the bucket is encrypted with."
  type        = string
}

variable "job_tables" {
  description = "Lake tables the job also delivers as JSON lines through Firehose (sinks / firehose.<table>.stream): each gets a delivery stream to s3://BUCKET/firehose/<table>/."
  type        = set(string)
  default     = ["signals", "round_trips", "quarantine"]

  validation {
    condition = alltrue([
      for t in var.job_tables : contains(["trades", "quotes", "quarantine", "signals", "fills", "round_trips", "equity"], t) || can(regex("^bars_[0-9]+[smhd]$", t))
    ])
    error_message = "job_tables must name lake tables: trades, bars_<interval>, quotes, quarantine, signals, fills, round_trips, equity."
  }
}

variable "buffer_seconds" {
  description = "Firehose buffering interval before an object is written."
  type        = number
  default     = 300

  validation {
    condition     = var.buffer_seconds >= 0 && var.buffer_seconds <= 900
    error_message = "buffer_seconds must be from 0 to 900."
  }
}

variable "buffer_mb" {
  description = "Firehose buffer size before an object is written."
  type        = number
  default     = 64

  validation {
    condition     = var.buffer_mb >= 1 && var.buffer_mb <= 128
    error_message = "buffer_mb must be from 1 to 128."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

variable "region" {
  description = "AWS region of the whole stack. Binance answers HTTP 451 to US addresses (AWS's US regions among them), so the default is Tokyo, near Binance's matching engine; any region Binance serves works."
  type        = string
  default     = "ap-northeast-1"

  validation {
    condition     = !startswith(var.region, "us-")
    error_message = "Binance refuses addresses in the US (HTTP 451): choose a region outside it, e.g. ap-northeast-1."
  }
}

variable "environment" {
  description = "Environment name; resources are named marketpipe-<environment>."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,15}$", var.environment))
    error_message = "environment must be 2 to 16 lowercase letters and digits."
  }
}

variable "state_bucket_name" {
  description = "Globally unique name of the bucket that keeps this environment's Terraform state (./pipeline deploy creates it, versioned and encrypted, and points the S3 backend at it; the state is locked with a lock file beside it). No resource of the stack uses it."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be a valid S3 bucket name."
  }
}

variable "lake_bucket_name" {
  description = "Globally unique name of the lake bucket."
  type        = string
}

variable "artifacts_bucket_name" {
  description = "Globally unique name of the versioned bucket the job jar is uploaded to."
  type        = string
}

variable "jar_key" {
  description = "Object key of the shaded job jar in the artifacts bucket."
  type        = string
  default     = "flink-job/flink-job-0.1.0-SNAPSHOT-job.jar"
}

variable "jar_object_version" {
  description = "Version of the uploaded jar (./pipeline deploy sets it)."
  type        = string
}

variable "ingest_image_digest" {
  description = "Digest of the forwarder image to run (sha256:...). ./pipeline deploy builds the image, pushes it under a tag made of its content and sets this."
  type        = string
  default     = ""
}

variable "vpc_id" {
  description = "VPC for the forwarder."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (with a NAT route) for the forwarder."
  type        = list(string)
}

variable "symbols" {
  description = "Binance symbols the forwarder subscribes to."
  type        = list(string)
  default     = ["BTCUSDT", "ETHUSDT"]
}

variable "binance_streams" {
  description = "Binance JSON stream kinds the forwarder subscribes per symbol: trade, bookTicker, aggTrade, depth@100ms or depth, kline_<interval>. The job builds its book, aggTrade and kline operators only for the kinds named here (source / market-streams)."
  type        = list(string)
  default     = ["trade"]

  validation {
    condition     = length(var.binance_streams) > 0 && alltrue([for s in var.binance_streams : can(regex("^(trade|bookTicker|aggTrade|depth@100ms|depth|kline_(1s|1m|3m|5m|15m|30m|1h|2h|4h|6h|8h|12h|1d|3d|1w|1M))$", s))])
    error_message = "binance_streams: each of trade, bookTicker, aggTrade, depth@100ms, depth or kline_<interval>."
  }
}

variable "stream_mode" {
  description = "Kinesis capacity mode: ON_DEMAND or PROVISIONED."
  type        = string
  default     = "ON_DEMAND"
}

variable "raw_shards" {
  description = "Shards of the raw stream when stream_mode is PROVISIONED (each 1 MB/s and 1,000 records/s in): ./pipeline cost prints what a rate needs."
  type        = number
  default     = 4
}

variable "stream_retention_hours" {
  description = "How long the raw and quarantine streams keep records (24 to 8760 h; past 24 h is billed as extended retention). The raw archive in S3 keeps every frame for replays, so the streams need only cover the longest outage the job must catch up from by itself."
  type        = number
  default     = 168
}

variable "dynamodb_provisioned_tables" {
  description = "DynamoDB tables on provisioned capacity with auto scaling (modules/storage provisioned_tables); empty: all on-demand. ./pipeline cost prints bounds for a rate."
  type = map(object({
    min_write = number
    max_write = number
    min_read  = number
    max_read  = number
  }))
  default = {}
}

variable "latest_price_flush_ms" {
  description = "How often each symbol's latest price is written to DynamoDB, at most (sinks / dynamodb.latest-price.flush.interval.ms): the floor of its freshness, and at high rates what its writes cost."
  type        = number
  default     = 100

  validation {
    condition     = var.latest_price_flush_ms >= 10 && var.latest_price_flush_ms <= 60000
    error_message = "latest_price_flush_ms must be from 10 to 60000."
  }
}

variable "forwarder_public_ip" {
  description = "Run the forwarder in public subnets with a public IP (no inbound rule admits anything) instead of private subnets behind a NAT gateway, which costs an hour and a GB charge: private_subnet_ids then names public subnets."
  type        = bool
  default     = false
}

variable "bar_intervals" {
  description = "Bar intervals the job computes (bars / intervals)."
  type        = list(string)
  default     = ["1m"]
}

variable "kinesis_reader" {
  description = "The job's Kinesis reader: POLLING or EFO."
  type        = string
  default     = "EFO"

  validation {
    condition     = contains(["POLLING", "EFO"], var.kinesis_reader)
    error_message = "kinesis_reader must be POLLING or EFO."
  }
}

variable "polling_interval_ms" {
  description = "POLLING reader: the least time between two GetRecords calls on one shard. Kinesis allows 5 calls a second a shard across all its readers, and the raw archive's Firehose makes one a second, so the job may make at most 4: 250 ms or more."
  type        = number
  default     = 250

  validation {
    condition     = var.polling_interval_ms >= 250 && floor(var.polling_interval_ms) == var.polling_interval_ms
    error_message = "polling_interval_ms must be a whole number of at least 250: with the raw archive's one GetRecords a second, the job's 1000 / polling_interval_ms a second must leave the shard's 5 a second unexceeded."
  }
}

variable "strategies" {
  description = "The job's strategies property group (see the README): key => value; empty = no strategies."
  type        = map(string)
  default     = {}
}

variable "parallelism" {
  description = "Job parallelism."
  type        = number
  default     = 2
}

variable "alarm_email" {
  description = "Where alarms are mailed; empty = none."
  type        = string
  default     = ""
}

variable "allow_non_restored_state" {
  description = "Let an update start from a snapshot that holds state no operator of the new job takes (needed once after switching kinesis_reader, dropping a bar interval, a Firehose table or a kind from binance_streams, or removing a strategy; that state is then dropped). Set it for that one deploy, then back to false."
  type        = bool
  default     = false
}

variable "allow_destroy" {
  description = "Whether teardown may delete what holds data: non-empty buckets, the image repository with its images, the Athena workgroup with its queries, tables without deletion protection, and secrets at once (no recovery window, so the same environment can be deployed again right away)."
  type        = bool
  default     = true
}

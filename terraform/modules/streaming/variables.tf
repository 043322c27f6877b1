variable "name" {
  description = "Prefix of every resource name, e.g. marketpipe-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2 to 41 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "stream_mode" {
  description = "ON_DEMAND (pay per GB, scales by itself) or PROVISIONED (pay per shard-hour)."
  type        = string
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "PROVISIONED"], var.stream_mode)
    error_message = "stream_mode must be ON_DEMAND or PROVISIONED."
  }
}

variable "raw_shards" {
  description = "Shards of the raw stream when PROVISIONED (each takes 1 MB/s or 1,000 records/s in)."
  type        = number
  default     = 4

  validation {
    condition     = var.raw_shards >= 1 && var.raw_shards <= 500 && floor(var.raw_shards) == var.raw_shards
    error_message = "raw_shards must be a whole number from 1 to 500."
  }
}

variable "retention_hours" {
  description = "How long the raw and quarantine streams keep records (24 to 8760 hours)."
  type        = number
  default     = 168

  validation {
    condition     = var.retention_hours >= 24 && var.retention_hours <= 8760
    error_message = "retention_hours must be from 24 to 8760."
  }
}

variable "efo_consumer" {
  description = "Register the job's enhanced fan-out consumer: true with the EFO reader only (a consumer is billed per shard-hour whether read or not)."
  type        = bool
  default     = true
}

variable "efo_consumer_name" {
  description = "Name of the enhanced fan-out consumer registered for the job (source / kinesis.efo.consumer.arn)."
  type        = string
  default     = "marketpipe-job"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{1,128}$", var.efo_consumer_name))
    error_message = "efo_consumer_name must be 1 to 128 of letters, digits, _ . and -."
  }
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

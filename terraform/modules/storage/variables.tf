variable "name" {
  description = "Prefix of every resource name, e.g. marketpipe-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2 to 41 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "lake_bucket_name" {
  description = "Name of the lake bucket (globally unique)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.lake_bucket_name))
    error_message = "lake_bucket_name must be a valid S3 bucket name."
  }
}

variable "artifacts_bucket_name" {
  description = "Name of the versioned bucket the job jar is uploaded to (globally unique)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.artifacts_bucket_name))
    error_message = "artifacts_bucket_name must be a valid S3 bucket name."
  }
}

variable "lake_prefix" {
  description = "Prefix of the lake's tables in the bucket (sinks / lake.path = s3://BUCKET/PREFIX)."
  type        = string
  default     = "lake"

  validation {
    condition     = can(regex("^[a-z0-9_-]+$", var.lake_prefix))
    error_message = "lake_prefix must be one path segment of lowercase letters, digits, _ and -."
  }
}

variable "raw_archive_glacier_days" {
  description = "Days after which the raw archive (raw/) moves to Glacier Instant Retrieval."
  type        = number
  default     = 90

  validation {
    condition     = var.raw_archive_glacier_days >= 30
    error_message = "raw_archive_glacier_days must be at least 30 (S3's minimum before a transition)."
  }
}

variable "rollback_versions" {
  description = "Replaced versions of each artifact (the job jar) kept however old, so a rollback can apply any of the last this many deploys; older ones go after noncurrent_version_days."
  type        = number
  default     = 10

  validation {
    condition     = var.rollback_versions >= 1 && var.rollback_versions <= 100 && floor(var.rollback_versions) == var.rollback_versions
    error_message = "rollback_versions must be a whole number from 1 to 100 (S3's most newer noncurrent versions)."
  }
}

variable "noncurrent_version_days" {
  description = "Days a replaced or deleted object version is kept before it expires."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_days >= 1
    error_message = "noncurrent_version_days must be at least 1."
  }
}

variable "provisioned_tables" {
  description = "Tables (latest-price, top-of-book, bars, signals, positions) on provisioned capacity with auto scaling, each with its write and read bounds; the rest stay on-demand. For steady writes, such as the latest prices at a venue's whole rate: ./pipeline cost prints the bounds for a rate."
  type = map(object({
    min_write = number
    max_write = number
    min_read  = number
    max_read  = number
  }))
  default = {}

  validation {
    condition     = alltrue([for t, c in var.provisioned_tables : contains(["latest-price", "top-of-book", "bars", "signals", "positions"], t) && c.min_write >= 1 && c.max_write >= c.min_write && c.min_read >= 1 && c.max_read >= c.min_read])
    error_message = "provisioned_tables: keys are table names (latest-price, top-of-book, bars, signals, positions); each min at least 1 and each max at least its min."
  }
}

variable "autoscaling_target_percent" {
  description = "Utilization auto scaling keeps provisioned tables at (20 to 90)."
  type        = number
  default     = 70

  validation {
    condition     = var.autoscaling_target_percent >= 20 && var.autoscaling_target_percent <= 90
    error_message = "autoscaling_target_percent must be from 20 to 90."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete non-empty buckets (dev stacks only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

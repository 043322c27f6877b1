variable "name" {
  description = "Prefix of every resource name, e.g. marketpipe-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2 to 41 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "lake_bucket_name" {
  description = "The lake bucket."
  type        = string
}

variable "lake_prefix" {
  description = "Prefix of the lake's tables in the bucket."
  type        = string
}

variable "bar_intervals" {
  description = "The job's bars / intervals: one bars_<interval> table each."
  type        = list(string)
  default     = ["1m"]

  validation {
    condition     = alltrue([for i in var.bar_intervals : can(regex("^[0-9]+[smhd]$", i))])
    error_message = "bar_intervals are like 1s, 1m, 5m, 1h, 1d."
  }
}

variable "projection_start" {
  description = "First date of the dt partition projection (yyyy-MM-dd); the range runs to NOW."
  type        = string
  default     = "2024-01-01"

  validation {
    condition     = can(regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", var.projection_start))
    error_message = "projection_start must be yyyy-MM-dd."
  }
}

variable "kms_key_arn" {
  description = "Key for Athena's query results."
  type        = string
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

variable "force_destroy" {
  description = "Whether destroying the workgroup also deletes its saved and past queries (otherwise destroy fails while any exist)."
  type        = bool
  default     = false
}

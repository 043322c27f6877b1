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

variable "iterator_age_ms" {
  description = "Alarm when the job reads the raw stream further behind than this."
  type        = number
  default     = 60000
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

variable "name" {
  description = "Prefix of every resource name, e.g. marketpipe-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2 to 41 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "image_tag" {
  description = "Tag of the ingest-source image in the module's ECR repository (tags are immutable)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,128}$", var.image_tag))
    error_message = "image_tag must be a valid image tag."
  }
}

variable "raw_stream_arn" {
  description = "The raw stream the forwarder puts to."
  type        = string
}

variable "raw_stream_name" {
  description = "Name of the raw stream (the forwarder's kinesis.stream)."
  type        = string
}

variable "stream_kms_key_arn" {
  description = "The key the raw stream is encrypted with."
  type        = string
}

variable "settings" {
  description = "Forwarder settings as MARKETPIPE_* environment overrides: key => value (e.g. symbols = BTCUSDT,ETHUSDT). Never secrets: those come from Secrets Manager."
  type        = map(string)
  default     = {}

  validation {
    condition     = !anytrue([for k in keys(var.settings) : can(regex("(?i)(key|token|secret|password)", k))])
    error_message = "settings must not carry secrets: API keys come from Secrets Manager."
  }
}

variable "create_secrets" {
  description = "Create empty Secrets Manager secrets for BINANCE_API_KEY and FINNHUB_TOKEN (set their values outside Terraform)."
  type        = bool
  default     = true
}

variable "subnet_ids" {
  description = "Subnets of the Fargate tasks (private subnets with a NAT route to the exchanges)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "give at least one subnet."
  }
}

variable "vpc_id" {
  description = "VPC of the subnets."
  type        = string
}

variable "cpu" {
  description = "Fargate CPU units of the task (256 = 0.25 vCPU)."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.cpu)
    error_message = "cpu must be 256, 512, 1024, 2048 or 4096."
  }
}

variable "memory" {
  description = "Fargate memory of the task in MiB."
  type        = number
  default     = 1024
}

variable "stop_timeout_seconds" {
  description = "Seconds between SIGTERM and SIGKILL: room for the forwarder's flush of what it buffered (at most 120 on Fargate)."
  type        = number
  default     = 60

  validation {
    condition     = var.stop_timeout_seconds >= 10 && var.stop_timeout_seconds <= 120
    error_message = "stop_timeout_seconds must be from 10 to 120."
  }
}

variable "log_retention_days" {
  description = "Days the forwarder's logs (and their embedded metrics) are kept."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

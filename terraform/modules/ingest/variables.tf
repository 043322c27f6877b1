variable "name" {
  description = "Prefix of every resource name, e.g. marketpipe-dev."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2 to 41 lowercase letters, digits and dashes, starting with a letter."
  }
}

variable "image_digest" {
  description = "Digest (sha256:...) of the ingest-source image in the module's ECR repository: the task runs exactly that image. ./pipeline deploy pushes the image under a tag made of its content and sets this; empty only while the repository is first created."
  type        = string
  default     = ""

  validation {
    condition     = var.image_digest == "" || can(regex("^sha256:[0-9a-f]{64}$", var.image_digest))
    error_message = "image_digest must be sha256: and 64 hex digits."
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
  description = "Create the Secrets Manager secrets the enabled feeds need (BINANCE_API_KEY with binance.sbe.enabled, FINNHUB_TOKEN with finnhub.enabled; the JSON streams need none). Their values never pass through Terraform: ./pipeline deploy puts them from the environment, and refuses to start the service while one is empty."
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

variable "public_ip" {
  description = "Give the task a public IP, for public subnets without a NAT gateway (the security group admits nothing in)."
  type        = bool
  default     = false
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

variable "force_destroy" {
  description = "Whether destroy deletes the image repository with its images and the secrets without a recovery window (so the same environment can be created again at once)."
  type        = bool
  default     = false
}

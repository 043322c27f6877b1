# ingest-source on ECS Fargate: the image from ECR, API keys from Secrets Manager, a task role that
# may only put to the raw stream (and list its shards, which the forwarder's shard router reads at
# start, and read its tail, where a starting forwarder finds each symbol's last trade id), a health check on /health, a stop timeout that fits the flush, and a log group whose JSON
# lines carry CloudWatch embedded metrics.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_kms_key" "this" {
  description         = "${var.name}: forwarder logs, image and secrets"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
  tags                = var.tags
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Account"
    actions   = ["kms:*"] # the key policy's owner statement: the account administers its key
    resources = ["*"]     # in a key policy, "*" is the key itself

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogs"
    actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
    resources = ["*"] # in a key policy, "*" is the key itself

    principals {
      type        = "Service"
      identifiers = ["logs.${data.aws_region.current.region}.amazonaws.com"]
    }
  }
}

resource "aws_ecr_repository" "this" {
  name                 = "${var.name}-ingest-source"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_destroy

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.this.arn
  }

  tags = var.tags
}

resource "aws_secretsmanager_secret" "this" {
  for_each   = var.create_secrets ? local.secret_names : toset([])
  name       = "${var.name}/ingest/${each.key}"
  kms_key_id = aws_kms_key.this.arn
  # 0 deletes at once: with the default 30-day window, the same name cannot be created again
  recovery_window_in_days = var.force_destroy ? 0 : 30
  tags                    = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}-ingest-source"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn
  tags              = var.tags
}

resource "aws_ecs_cluster" "this" {
  name = "${var.name}-ingest"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-ingest-task"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "task" {
  statement {
    sid       = "PutRaw"
    actions   = ["kinesis:PutRecords", "kinesis:ListShards"]
    resources = [var.raw_stream_arn]
  }

  # at start the forwarder reads the stream's tail for each symbol's last trade id, to backfill
  # what was traded while no forwarder ran
  statement {
    sid       = "ReadRawTail"
    actions   = ["kinesis:GetShardIterator", "kinesis:GetRecords"]
    resources = [var.raw_stream_arn]
  }

  statement {
    sid       = "StreamKey"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.stream_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "${var.name}-ingest-task"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-ingest-execution"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "PullImage"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = [aws_ecr_repository.this.arn]
  }

  statement {
    sid       = "EcrToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # GetAuthorizationToken takes no resource: AWS requires "*"
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  dynamic "statement" {
    for_each = length(aws_secretsmanager_secret.this) > 0 ? [1] : []

    content {
      sid       = "Secrets"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [for s in aws_secretsmanager_secret.this : s.arn]
    }
  }

  statement {
    sid       = "Key"
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.this.arn]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "${var.name}-ingest-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

locals {
  # the secrets the enabled feeds read: a task whose secret has no value cannot start
  secret_names = toset(concat(
    lookup(var.settings, "binance.sbe.enabled", "false") == "true" ? ["BINANCE_API_KEY"] : [],
    lookup(var.settings, "finnhub.enabled", "false") == "true" ? ["FINNHUB_TOKEN"] : [],
  ))

  environment = merge(
    # the shutdown flush ends 10 s before ECS kills the task, and has at least half the stop
    # timeout (settings may say otherwise)
    { MARKETPIPE_SHUTDOWN_FLUSH_MS = tostring(max(var.stop_timeout_seconds - 10, ceil(var.stop_timeout_seconds / 2)) * 1000) },
    { for k, v in var.settings : "MARKETPIPE_${upper(replace(replace(k, ".", "_"), "-", "_"))}" => v },
    {
      MARKETPIPE_KINESIS_STREAM = var.raw_stream_name
      MARKETPIPE_KINESIS_REGION = data.aws_region.current.region
      MARKETPIPE_OPS_BIND       = "0.0.0.0"
    },
  )
}

resource "aws_ecs_task_definition" "this" {
  family                   = "${var.name}-ingest-source"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  lifecycle {
    precondition {
      condition     = var.image_digest != ""
      error_message = "No image digest: ./pipeline deploy pushes the image and sets ingest_image_digest."
    }
  }

  container_definitions = jsonencode([
    {
      name         = "ingest-source"
      image        = "${aws_ecr_repository.this.repository_url}@${var.image_digest}"
      essential    = true
      stopTimeout  = var.stop_timeout_seconds
      portMappings = [{ containerPort = 9102, protocol = "tcp" }]
      environment  = [for k in sort(keys(local.environment)) : { name = k, value = local.environment[k] }]
      secrets      = [for k, s in aws_secretsmanager_secret.this : { name = k, valueFrom = s.arn }]
      healthCheck = {
        command     = ["CMD", "curl", "-fsS", "http://127.0.0.1:9102/health"]
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 30
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = data.aws_region.current.region
          awslogs-stream-prefix = "ingest"
        }
      }
    }
  ])

  tags = var.tags
}

resource "aws_security_group" "this" {
  name        = "${var.name}-ingest"
  description = "The forwarder: no inbound; outbound HTTPS to the exchanges and AWS"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.this.id
  description       = "WebSocket and REST to the exchanges, and AWS APIs"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "binance_sbe" {
  security_group_id = aws_security_group.this.id
  description       = "Binance's streams on 9443"
  ip_protocol       = "tcp"
  from_port         = 9443
  to_port           = 9443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_ecs_service" "this" {
  name                               = "${var.name}-ingest-source"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = 1
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 100 # the new task forwards before the old one stops: the overlap dedupes
  deployment_maximum_percent         = 200

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.this.id]
    assign_public_ip = var.public_ip
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # apply ends only when the forwarder runs healthy (or fails, rolled back by the breaker)
  wait_for_steady_state = true

  # a task started before its roles' policies exist cannot pull its image or put a record
  depends_on = [aws_iam_role_policy.task, aws_iam_role_policy.execution]

  tags = var.tags
}

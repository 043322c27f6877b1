# The job on Amazon Managed Service for Apache Flink (FLINK-1_19, Java 11): the jar by object
# version, the runtime property groups, checkpoints, snapshots and restore from the latest one,
# parallelism and KPUs, logs to an encrypted log group, and a role with exactly the calls the job
# makes on exactly its resources (deploy-checks' PolicyTest keeps it so).

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/kinesis-analytics/${var.name}-job"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
  tags              = var.tags
}

resource "aws_cloudwatch_log_stream" "this" {
  name           = "application"
  log_group_name = aws_cloudwatch_log_group.this.name
}

data "aws_iam_policy_document" "logs_key" {
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

resource "aws_kms_key" "logs" {
  description         = "${var.name}: job logs"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.logs_key.json
  tags                = var.tags
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["kinesisanalytics.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-job"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "job" {
  statement {
    sid       = "ReadJar"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = ["${var.jar_bucket_arn}/${var.jar_key}"]
  }

  statement {
    sid = "ReadRawStream"
    actions = [
      "kinesis:DescribeStream",
      "kinesis:DescribeStreamSummary",
      "kinesis:ListShards",
      "kinesis:GetShardIterator",
      "kinesis:GetRecords",
    ]
    resources = [var.raw_stream_arn]
  }

  dynamic "statement" {
    for_each = var.efo_reader ? [var.efo_consumer_arn] : []
    content {
      sid       = "EnhancedFanOut"
      actions   = ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"]
      resources = [var.efo_consumer_arn]
    }
  }

  statement {
    sid       = "WriteQuarantine"
    actions   = ["kinesis:PutRecords"]
    resources = [var.quarantine_stream_arn]
  }

  statement {
    sid       = "LakeBucket"
    actions   = ["s3:ListBucket", "s3:ListBucketMultipartUploads"]
    resources = [var.lake_bucket_arn]
  }

  statement {
    sid = "LakeObjects"
    actions = [
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:AbortMultipartUpload",
      "s3:ListMultipartUploadParts",
    ]
    resources = ["${var.lake_bucket_arn}/${var.lake_prefix}/*"]
  }

  statement {
    sid       = "BatchTables"
    actions   = ["dynamodb:BatchWriteItem"]
    resources = var.batch_table_arns
  }

  # conditional writes: PutItem one at a time, and batches of conditional PartiQL UPDATEs
  # (BatchExecuteStatement, which IAM authorizes per statement kind)
  statement {
    sid       = "ConditionalTables"
    actions   = ["dynamodb:PutItem", "dynamodb:PartiQLUpdate"]
    resources = var.conditional_table_arns
  }

  dynamic "statement" {
    for_each = length(var.firehose_stream_arns) == 0 ? [] : [1]

    content {
      sid       = "Firehose"
      actions   = ["firehose:PutRecordBatch"]
      resources = var.firehose_stream_arns
    }
  }

  statement {
    sid       = "Keys"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = var.kms_key_arns
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:DescribeLogStreams", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  # Managed Flink checks its log group exists with DescribeLogGroups, which is authorised on the
  # account's log-group:* ARN only
  statement {
    sid       = "FindLogGroup"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["arn:aws:logs:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:log-group:*"]
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-job"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.job.json
}

resource "aws_kinesisanalyticsv2_application" "this" {
  name                   = "${var.name}-job"
  runtime_environment    = "FLINK-1_19"
  service_execution_role = aws_iam_role.this.arn
  start_application      = var.start_application
  tags                   = var.tags

  # the first start reads the jar and the streams with the role's inline policy: it must exist first
  depends_on = [aws_iam_role_policy.this]

  application_configuration {
    application_code_configuration {
      code_content_type = "ZIPFILE"

      code_content {
        s3_content_location {
          bucket_arn     = var.jar_bucket_arn
          file_key       = var.jar_key
          object_version = var.jar_object_version
        }
      }
    }

    environment_properties {
      dynamic "property_group" {
        for_each = var.property_groups

        content {
          property_group_id = property_group.key
          property_map      = property_group.value
        }
      }
    }

    application_snapshot_configuration {
      snapshots_enabled = true
    }

    run_configuration {
      application_restore_configuration {
        application_restore_type = "RESTORE_FROM_LATEST_SNAPSHOT"
      }

      flink_run_configuration {
        allow_non_restored_state = var.allow_non_restored_state
      }
    }

    flink_application_configuration {
      checkpoint_configuration {
        configuration_type            = "CUSTOM"
        checkpointing_enabled         = true
        checkpoint_interval           = var.checkpoint_interval_ms
        min_pause_between_checkpoints = var.min_pause_between_checkpoints_ms
      }

      monitoring_configuration {
        configuration_type = "CUSTOM"
        log_level          = var.log_level
        metrics_level      = "OPERATOR"
      }

      parallelism_configuration {
        configuration_type   = "CUSTOM"
        auto_scaling_enabled = var.autoscaling
        parallelism          = var.parallelism
        parallelism_per_kpu  = var.parallelism_per_kpu
      }
    }
  }

  cloudwatch_logging_options {
    log_stream_arn = aws_cloudwatch_log_stream.this.arn
  }
}

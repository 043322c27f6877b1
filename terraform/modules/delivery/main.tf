# Firehose: (a) the raw archive, the raw Kinesis stream as source, GZIP to s3://BUCKET/raw/, so
# every byte ever ingested is kept and can be replayed (./pipeline replay --source recorded after
# unpacking, or a new job from it); (b) one Direct PUT delivery stream per table the job delivers
# as JSON lines, to s3://BUCKET/firehose/<table>/ (point these at Redshift, OpenSearch, Snowflake or
# HTTP as needed).

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["firehose.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-firehose"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "this" {
  statement {
    sid = "ReadRaw"
    actions = [
      "kinesis:DescribeStream",
      "kinesis:GetShardIterator",
      "kinesis:GetRecords",
      "kinesis:ListShards",
    ]
    resources = [var.raw_stream_arn]
  }

  statement {
    sid       = "RawKey"
    actions   = ["kms:Decrypt"]
    resources = [var.stream_kms_key_arn]
  }

  statement {
    sid       = "Bucket"
    actions   = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"]
    resources = [var.bucket_arn]
  }

  statement {
    sid     = "Objects"
    actions = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"]
    # the error prefixes too: a record Firehose cannot deliver is written there, or lost
    resources = ["${var.bucket_arn}/raw/*", "${var.bucket_arn}/firehose/*", "${var.bucket_arn}/raw-errors/*", "${var.bucket_arn}/firehose-errors/*"]
  }

  statement {
    sid       = "BucketKey"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.bucket_kms_key_arn]
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-firehose"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

resource "aws_kinesis_firehose_delivery_stream" "raw_archive" {
  name        = "${var.name}-raw-archive"
  destination = "extended_s3"

  kinesis_source_configuration {
    kinesis_stream_arn = var.raw_stream_arn
    role_arn           = aws_iam_role.this.arn
  }

  extended_s3_configuration {
    role_arn            = aws_iam_role.this.arn
    bucket_arn          = var.bucket_arn
    prefix              = "raw/dt=!{timestamp:yyyy-MM-dd}/"
    error_output_prefix = "raw-errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/"
    compression_format  = "GZIP"
    kms_key_arn         = var.bucket_kms_key_arn
    buffering_interval  = var.buffer_seconds
    buffering_size      = var.buffer_mb
  }

  tags = var.tags
}

resource "aws_kinesis_firehose_delivery_stream" "job" {
  for_each    = var.job_tables
  name        = "${var.name}-${replace(each.key, "_", "-")}"
  destination = "extended_s3"

  server_side_encryption {
    enabled  = true
    key_type = "AWS_OWNED_CMK"
  }

  extended_s3_configuration {
    role_arn            = aws_iam_role.this.arn
    bucket_arn          = var.bucket_arn
    prefix              = "firehose/${each.key}/dt=!{timestamp:yyyy-MM-dd}/"
    error_output_prefix = "firehose-errors/${each.key}/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/"
    compression_format  = "GZIP"
    kms_key_arn         = var.bucket_kms_key_arn
    buffering_interval  = var.buffer_seconds
    buffering_size      = var.buffer_mb
  }

  tags = var.tags
}

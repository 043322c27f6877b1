# The lake bucket and the artifacts bucket (public access blocked, SSE-KMS, versioned, TLS only,
# lifecycle rules), and every DynamoDB table the job writes, keyed exactly as
# schemas/src/main/java/io/marketpipe/schemas/tables/DynamoTables.java defines.

resource "aws_kms_key" "this" {
  description             = "${var.name}: lake, artifacts and tables"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-storage"
  target_key_id = aws_kms_key.this.key_id
}

locals {
  buckets = {
    lake      = var.lake_bucket_name
    artifacts = var.artifacts_bucket_name
  }
}

resource "aws_s3_bucket" "this" {
  for_each      = local.buckets
  bucket        = each.value
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = local.buckets
  bucket                  = aws_s3_bucket.this[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.this.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id

  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "tls_only" {
  for_each = local.buckets

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"] # every action: a deny of all non-TLS access to this bucket only
    resources = [
      aws_s3_bucket.this[each.key].arn,
      "${aws_s3_bucket.this[each.key].arn}/*",
    ]

    principals {
      type        = "*"   # a deny that applies to everyone
      identifiers = ["*"] # a deny that applies to everyone
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id
  policy   = data.aws_iam_policy_document.tls_only[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id

  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {}

    # the artifacts bucket keeps the jars of the last rollback_versions deploys however old: a
    # rollback applies one of their object versions
    noncurrent_version_expiration {
      noncurrent_days           = var.noncurrent_version_days
      newer_noncurrent_versions = each.key == "artifacts" ? var.rollback_versions : null
    }
  }

  dynamic "rule" {
    for_each = each.key == "lake" ? [1] : []

    content {
      id     = "raw-archive-to-glacier"
      status = "Enabled"

      filter {
        prefix = "raw/"
      }

      transition {
        days          = var.raw_archive_glacier_days
        storage_class = "GLACIER_IR"
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

locals {
  # name => [hash key, range key or null, range key type]; see DynamoTables.java
  tables = {
    latest-price = ["pk", null, null]
    top-of-book  = ["pk", null, null]
    bars         = ["pk", "window_start", "N"]
    signals      = ["pk", "bar_side", "S"]
    positions    = ["pk", null, null]
  }
}

resource "aws_dynamodb_table" "this" {
  for_each     = local.tables
  name         = "${var.name}-${each.key}"
  billing_mode = contains(keys(var.provisioned_tables), each.key) ? "PROVISIONED" : "PAY_PER_REQUEST"
  # the least capacity; auto scaling moves it from there, so terraform leaves it to auto scaling
  write_capacity = try(var.provisioned_tables[each.key].min_write, null)
  read_capacity  = try(var.provisioned_tables[each.key].min_read, null)
  hash_key       = each.value[0]
  range_key      = each.value[1]

  lifecycle {
    ignore_changes = [write_capacity, read_capacity]
  }

  attribute {
    name = each.value[0]
    type = "S"
  }

  dynamic "attribute" {
    for_each = each.value[1] == null ? [] : [each.value[1]]

    content {
      name = attribute.value
      type = each.value[2]
    }
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.this.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  deletion_protection_enabled = !var.force_destroy
  tags                        = var.tags
}

# Provisioned tables follow their load: target tracking keeps consumed capacity near
# autoscaling_target_percent of what is provisioned, between each table's bounds. Cheaper than
# on-demand for a steady write rate (a write unit-hour is $0.00065 against $0.625 a million
# on-demand writes); a burst beyond it uses the table's burst capacity, then throttles until the
# capacity follows (minutes), which the throttle alarms report.
locals {
  scaled = merge([
    for table, c in var.provisioned_tables : {
      "${table}-write" = { table = table, dimension = "dynamodb:table:WriteCapacityUnits", metric = "DynamoDBWriteCapacityUtilization", min = c.min_write, max = c.max_write }
      "${table}-read"  = { table = table, dimension = "dynamodb:table:ReadCapacityUnits", metric = "DynamoDBReadCapacityUtilization", min = c.min_read, max = c.max_read }
    }
  ]...)
}

resource "aws_appautoscaling_target" "table" {
  for_each           = local.scaled
  service_namespace  = "dynamodb"
  resource_id        = "table/${aws_dynamodb_table.this[each.value.table].name}"
  scalable_dimension = each.value.dimension
  min_capacity       = each.value.min
  max_capacity       = each.value.max
}

resource "aws_appautoscaling_policy" "table" {
  for_each           = local.scaled
  name               = "${var.name}-${each.key}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.table[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.table[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.table[each.key].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value = var.autoscaling_target_percent

    predefined_metric_specification {
      predefined_metric_type = each.value.metric
    }
  }
}

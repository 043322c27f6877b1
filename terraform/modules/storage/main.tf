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
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = each.value[0]
  range_key    = each.value[1]

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

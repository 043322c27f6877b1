# The raw stream the forwarder writes and the job reads, the quarantine stream the job writes, both
# encrypted with one customer-managed key, and the job's enhanced fan-out consumer.


resource "aws_kms_key" "this" {
  description             = "${var.name}: Kinesis streams"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}-streams"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_kinesis_stream" "raw" {
  name             = "${var.name}-raw"
  shard_count      = var.stream_mode == "PROVISIONED" ? var.raw_shards : null
  retention_period = var.retention_hours
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.this.arn

  stream_mode_details {
    stream_mode = var.stream_mode
  }

  tags = var.tags
}

resource "aws_kinesis_stream" "quarantine" {
  name             = "${var.name}-quarantine"
  shard_count      = var.stream_mode == "PROVISIONED" ? 1 : null
  retention_period = var.retention_hours
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.this.arn

  stream_mode_details {
    stream_mode = var.stream_mode
  }

  tags = var.tags
}

resource "aws_kinesis_stream_consumer" "job" {
  count      = var.efo_consumer ? 1 : 0
  name       = var.efo_consumer_name
  stream_arn = aws_kinesis_stream.raw.arn
}

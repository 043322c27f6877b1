output "lake_bucket_arn" {
  description = "ARN of the lake bucket."
  value       = aws_s3_bucket.this["lake"].arn
}

output "lake_bucket_name" {
  description = "Name of the lake bucket."
  value       = aws_s3_bucket.this["lake"].id
}

output "lake_path" {
  description = "The job's sinks / lake.path."
  value       = "s3://${aws_s3_bucket.this["lake"].id}/${var.lake_prefix}"
}

output "lake_prefix" {
  description = "Prefix of the lake's tables in the bucket."
  value       = var.lake_prefix
}

output "artifacts_bucket_arn" {
  description = "ARN of the versioned artifacts bucket (the job jar)."
  value       = aws_s3_bucket.this["artifacts"].arn
}

output "artifacts_bucket_name" {
  description = "Name of the artifacts bucket."
  value       = aws_s3_bucket.this["artifacts"].id
}

output "kms_key_arn" {
  description = "ARN of the key the buckets and tables are encrypted with."
  value       = aws_kms_key.this.arn
}

output "table_names" {
  description = "DynamoDB table names by role: latest-price, top-of-book, bars, signals, positions."
  value       = { for k, t in aws_dynamodb_table.this : k => t.name }
}

output "table_arns" {
  description = "DynamoDB table ARNs by role."
  value       = { for k, t in aws_dynamodb_table.this : k => t.arn }
}

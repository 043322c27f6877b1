output "raw_archive_stream_name" {
  description = "The Firehose stream archiving the raw stream to s3://BUCKET/raw/."
  value       = aws_kinesis_firehose_delivery_stream.raw_archive.name
}

output "job_stream_names" {
  description = "Delivery stream per lake table (sinks / firehose.<table>.stream)."
  value       = { for t, s in aws_kinesis_firehose_delivery_stream.job : t => s.name }
}

output "job_stream_arns" {
  description = "Delivery stream ARNs the job writes (for its role)."
  value       = [for s in aws_kinesis_firehose_delivery_stream.job : s.arn]
}

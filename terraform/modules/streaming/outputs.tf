output "raw_stream_arn" {
  description = "ARN of the raw stream (source / kinesis.stream.arn)."
  value       = aws_kinesis_stream.raw.arn
}

output "raw_stream_name" {
  description = "Name of the raw stream (the forwarder's kinesis.stream)."
  value       = aws_kinesis_stream.raw.name
}

output "quarantine_stream_arn" {
  description = "ARN of the quarantine stream (sinks / quarantine.stream.arn)."
  value       = aws_kinesis_stream.quarantine.arn
}

output "quarantine_stream_name" {
  description = "Name of the quarantine stream."
  value       = aws_kinesis_stream.quarantine.name
}

output "efo_consumer_arn" {
  description = "ARN of the job's enhanced fan-out consumer (source / kinesis.efo.consumer.arn); null without one."
  value       = one(aws_kinesis_stream_consumer.job[*].arn)
}

output "kms_key_arn" {
  description = "ARN of the key the streams are encrypted with."
  value       = aws_kms_key.this.arn
}

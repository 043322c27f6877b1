output "raw_stream_name" {
  description = "The raw stream (the forwarder's kinesis.stream)."
  value       = module.streaming.raw_stream_name
}

output "lake_path" {
  description = "The job's lake path."
  value       = module.storage.lake_path
}

output "application_name" {
  description = "The Managed Flink application."
  value       = module.flink_app.application_name
}

output "ecr_repository_url" {
  description = "Where to push the ingest-source image."
  value       = module.ingest.ecr_repository_url
}

output "ingest_secret_arns" {
  description = "Secrets to fill with the exchange API keys."
  value       = module.ingest.secret_arns
}

output "athena_workgroup" {
  description = "The Athena workgroup over the lake."
  value       = module.analytics.workgroup_name
}

output "glue_database" {
  description = "The Glue database of the lake."
  value       = module.analytics.database_name
}

output "dashboard_name" {
  description = "The CloudWatch dashboard."
  value       = module.monitoring.dashboard_name
}

output "firehose_streams" {
  description = "Delivery streams per lake table."
  value       = module.delivery.job_stream_names
}

output "alarm_topic_arn" {
  description = "The SNS topic every alarm notifies (alarm_email is subscribed to it when set)."
  value       = module.monitoring.alarm_topic_arn
}

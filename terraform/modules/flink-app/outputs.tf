output "application_name" {
  description = "Name of the Managed Flink application."
  value       = aws_kinesisanalyticsv2_application.this.name
}

output "application_arn" {
  description = "ARN of the Managed Flink application."
  value       = aws_kinesisanalyticsv2_application.this.arn
}

output "role_arn" {
  description = "ARN of the job's execution role."
  value       = aws_iam_role.this.arn
}

output "log_group_name" {
  description = "The application's CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.name
}

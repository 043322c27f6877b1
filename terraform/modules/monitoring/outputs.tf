output "alarm_topic_arn" {
  description = "The SNS topic every alarm notifies."
  value       = aws_sns_topic.this.arn
}

output "dashboard_name" {
  description = "The CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}

output "alarm_subscription" {
  description = "Where alarms are mailed (alarm_email), or empty: subscribe anything else to alarm_topic_arn."
  value       = var.alarm_email
}

output "ecr_repository_url" {
  description = "Where to push the ingest-source image."
  value       = aws_ecr_repository.this.repository_url
}

output "service_name" {
  description = "The ECS service running the forwarder."
  value       = aws_ecs_service.this.name
}

output "cluster_name" {
  description = "The ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "log_group_name" {
  description = "The forwarder's log group (JSON lines with embedded metrics)."
  value       = aws_cloudwatch_log_group.this.name
}

output "secret_arns" {
  description = "Secrets to fill with the API keys, by environment variable."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.arn }
}

output "task_role_arn" {
  description = "The forwarder's task role."
  value       = aws_iam_role.task.arn
}

output "database_name" {
  description = "The Glue database of the lake."
  value       = aws_glue_catalog_database.this.name
}

output "table_names" {
  description = "Every Glue table of the lake."
  value       = sort(keys(aws_glue_catalog_table.this))
}

output "workgroup_name" {
  description = "The Athena workgroup (results encrypted and enforced)."
  value       = aws_athena_workgroup.this.name
}

# A Glue database with a table for every lake table (columns generated from schemas/src/main/avro
# into glue_columns.tf.json, which deploy-checks regenerates and compares, so the catalog cannot
# drift from what the job writes), partition projection on dt, an Athena workgroup with encrypted,
# enforced results, and named queries: the backtest SQL (one copy, in schemas/) and examples.

locals {
  # local.glue_columns comes from glue_columns.tf.json: lake table => [{name, type, comment}]
  tables = merge(
    { for t, cols in local.glue_columns : t => cols if t != "bars" },
    { for i in var.bar_intervals : "bars_${i}" => local.glue_columns["bars"] },
  )
  sql = "${path.module}/../../../schemas/src/main/resources/io/marketpipe/schemas/sql"
}

resource "aws_glue_catalog_database" "this" {
  name        = replace("${var.name}_lake", "-", "_")
  description = "marketpipe's Parquet lake (s3://${var.lake_bucket_name}/${var.lake_prefix})"
}

resource "aws_glue_catalog_table" "this" {
  for_each      = local.tables
  name          = each.key
  database_name = aws_glue_catalog_database.this.name
  table_type    = "EXTERNAL_TABLE"

  parameters = {
    "EXTERNAL"                    = "TRUE"
    "classification"              = "parquet"
    "parquet.compression"         = "SNAPPY"
    "projection.enabled"          = "true"
    "projection.dt.type"          = "date"
    "projection.dt.format"        = "yyyy-MM-dd"
    "projection.dt.range"         = "${var.projection_start},NOW"
    "projection.dt.interval"      = "1"
    "projection.dt.interval.unit" = "DAYS"
    "storage.location.template"   = "s3://${var.lake_bucket_name}/${var.lake_prefix}/${each.key}/dt=$${dt}/"
  }

  partition_keys {
    name    = "dt"
    type    = "string"
    comment = "UTC date of the row's event time, yyyy-MM-dd"
  }

  storage_descriptor {
    location      = "s3://${var.lake_bucket_name}/${var.lake_prefix}/${each.key}/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"

    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    }

    dynamic "columns" {
      for_each = each.value

      content {
        name    = columns.value.name
        type    = columns.value.type
        comment = columns.value.comment
      }
    }
  }
}

resource "aws_athena_workgroup" "this" {
  name          = var.name
  force_destroy = var.force_destroy

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true

    result_configuration {
      output_location = "s3://${var.lake_bucket_name}/athena-results/"

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = var.kms_key_arn
      }
    }
  }

  tags = var.tags
}

locals {
  named_queries = {
    "strategy-equity-curve-view" = {
      description = "Creates the view strategy_equity_curve the backtest summary reads (run once)."
      query       = "CREATE OR REPLACE VIEW strategy_equity_curve AS\n${file("${local.sql}/strategy_equity_curve.sql")}"
    }
    "strategy-summary" = {
      description = "Per-strategy backtest metrics, the same SQL ./pipeline backtest runs."
      query       = file("${local.sql}/strategy_summary.sql")
    }
    "latest-trades" = {
      description = "The newest trade of every symbol today."
      query       = "SELECT venue, symbol, max_by(price, trade_time) AS price, max(trade_time) AS trade_time FROM trades WHERE dt = cast(current_date AS varchar) GROUP BY venue, symbol ORDER BY venue, symbol"
    }
    "quarantine-by-reason" = {
      description = "What was quarantined in the last 7 days, by reason."
      query       = "SELECT dt, reason, venue, count(*) AS frames FROM quarantine WHERE dt >= cast(current_date - interval '7' day AS varchar) GROUP BY dt, reason, venue ORDER BY dt DESC, frames DESC"
    }
    "round-trips-today" = {
      description = "Today's completed strategy round trips, with their PnL."
      query       = "SELECT strategy, symbol, entry_time, exit_time, net_pnl, return_pct, exit_reason FROM round_trips WHERE dt = cast(current_date AS varchar) ORDER BY exit_time"
    }
  }
}

resource "aws_athena_named_query" "this" {
  for_each    = local.named_queries
  name        = each.key
  description = each.value.description
  database    = aws_glue_catalog_database.this.name
  workgroup   = aws_athena_workgroup.this.id
  query       = each.value.query
}

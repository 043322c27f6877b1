# The whole system for one environment: streams, storage, the Flink application, the forwarder,
# Firehose delivery, the catalog and Athena, and monitoring.

locals {
  name = "marketpipe-${var.environment}"

  # the job's source / market-streams, from what the forwarder subscribes
  market_streams = compact([
    anytrue([for s in var.binance_streams : startswith(s, "depth")]) ? "depth" : "",
    contains(var.binance_streams, "aggTrade") ? "aggTrade" : "",
    anytrue([for s in var.binance_streams : startswith(s, "kline_")]) ? "kline" : "",
  ])

  # The job's runtime properties, in Managed Flink's property groups (deploy-checks'
  # JobPropertiesTest checks every group and key against the job's own JobConfig.KEYS).
  job_property_groups = {
    aws = {
      "region" = var.region
    }
    source = {
      "kinesis.stream.arn"       = module.streaming.raw_stream_arn
      "kinesis.initial.position" = "TRIM_HORIZON"
      "kinesis.reader"           = var.kinesis_reader
      # operators only for the streams the forwarder subscribes
      "market-streams" = length(local.market_streams) == 0 ? "none" : join(",", local.market_streams)
      # null (left out) for the other reader
      "kinesis.efo.consumer.arn"    = module.streaming.efo_consumer_arn
      "kinesis.polling.interval.ms" = var.kinesis_reader == "POLLING" ? tostring(var.polling_interval_ms) : null
    }
    bars = {
      "intervals" = join(",", var.bar_intervals)
    }
    sinks = {
      "lake.path"                   = module.storage.lake_path
      "dynamodb.latest-price.table" = module.storage.table_names["latest-price"]
      # how fresh the latest prices are against what their writes cost (./pipeline cost)
      "dynamodb.latest-price.flush.interval.ms" = tostring(var.latest_price_flush_ms)
      "dynamodb.top-of-book.table"              = module.storage.table_names["top-of-book"]
      "dynamodb.bars.table"                     = module.storage.table_names["bars"]
      "dynamodb.signals.table"                  = module.storage.table_names["signals"]
      "dynamodb.positions.table"                = module.storage.table_names["positions"]
      "quarantine.stream.arn"                   = module.streaming.quarantine_stream_arn
      "firehose.signals.stream"                 = module.delivery.job_stream_names["signals"]
      "firehose.round_trips.stream"             = module.delivery.job_stream_names["round_trips"]
      "firehose.quarantine.stream"              = module.delivery.job_stream_names["quarantine"]
    }
  }

  property_groups = merge(
    { for group, keys in local.job_property_groups : group => { for k, v in keys : k => v if v != null } },
    length(var.strategies) == 0 ? {} : { strategies = var.strategies },
  )
}

module "streaming" {
  source          = "../modules/streaming"
  name            = local.name
  stream_mode     = var.stream_mode
  efo_consumer    = var.kinesis_reader == "EFO"
  raw_shards      = var.raw_shards
  retention_hours = var.stream_retention_hours
}

module "storage" {
  source                = "../modules/storage"
  name                  = local.name
  lake_bucket_name      = var.lake_bucket_name
  artifacts_bucket_name = var.artifacts_bucket_name
  force_destroy         = var.allow_destroy
  provisioned_tables    = var.dynamodb_provisioned_tables
}

module "flink_app" {
  source             = "../modules/flink-app"
  name               = local.name
  jar_bucket_arn     = module.storage.artifacts_bucket_arn
  jar_key            = var.jar_key
  jar_object_version = var.jar_object_version
  property_groups    = local.property_groups
  parallelism        = var.parallelism

  allow_non_restored_state = var.allow_non_restored_state

  kms_key_arns           = [module.streaming.kms_key_arn, module.storage.kms_key_arn]
  raw_stream_arn         = module.streaming.raw_stream_arn
  efo_reader             = var.kinesis_reader == "EFO"
  efo_consumer_arn       = module.streaming.efo_consumer_arn
  quarantine_stream_arn  = module.streaming.quarantine_stream_arn
  lake_bucket_arn        = module.storage.lake_bucket_arn
  lake_prefix            = module.storage.lake_prefix
  batch_table_arns       = [module.storage.table_arns["bars"]]
  conditional_table_arns = [module.storage.table_arns["latest-price"], module.storage.table_arns["top-of-book"], module.storage.table_arns["positions"], module.storage.table_arns["signals"]]
  firehose_stream_arns   = module.delivery.job_stream_arns
}

module "ingest" {
  source             = "../modules/ingest"
  name               = local.name
  image_digest       = var.ingest_image_digest
  raw_stream_arn     = module.streaming.raw_stream_arn
  raw_stream_name    = module.streaming.raw_stream_name
  stream_kms_key_arn = module.streaming.kms_key_arn
  vpc_id             = var.vpc_id
  subnet_ids         = var.private_subnet_ids
  public_ip          = var.forwarder_public_ip
  force_destroy      = var.allow_destroy

  settings = {
    "symbols"              = join(",", var.symbols)
    "binance.json.streams" = join(",", var.binance_streams)
  }
}

module "delivery" {
  source             = "../modules/delivery"
  name               = local.name
  raw_stream_arn     = module.streaming.raw_stream_arn
  stream_kms_key_arn = module.streaming.kms_key_arn
  bucket_arn         = module.storage.lake_bucket_arn
  bucket_kms_key_arn = module.storage.kms_key_arn
}

module "analytics" {
  source           = "../modules/analytics"
  name             = local.name
  lake_bucket_name = module.storage.lake_bucket_name
  lake_prefix      = module.storage.lake_prefix
  bar_intervals    = var.bar_intervals
  kms_key_arn      = module.storage.kms_key_arn
  force_destroy    = var.allow_destroy
}

module "monitoring" {
  source                 = "../modules/monitoring"
  name                   = local.name
  raw_stream_name        = module.streaming.raw_stream_name
  quarantine_stream_name = module.streaming.quarantine_stream_name
  application_name       = module.flink_app.application_name
  table_names            = module.storage.table_names
  alarm_email            = var.alarm_email
  forwarder_cluster_name = module.ingest.cluster_name
  forwarder_service_name = module.ingest.service_name
  firehose_stream_names  = merge({ raw_archive = module.delivery.raw_archive_stream_name }, module.delivery.job_stream_names)
}

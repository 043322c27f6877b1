# Alarms on what stops data from flowing or makes it wrong, and one dashboard. The forwarder's own
# counters arrive as CloudWatch embedded metric format lines in its JSON logs (namespace
# var.forwarder_namespace), so they need no agent and no PutMetricData permission.

resource "aws_sns_topic" "this" {
  name              = "${var.name}-alarms"
  kms_master_key_id = "alias/aws/sns"
  tags              = var.tags
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  alarms = {
    raw-iterator-age = {
      description = "The job reads the raw stream more than ${var.iterator_age_ms} ms behind"
      namespace   = "AWS/Kinesis"
      metric      = "GetRecords.IteratorAgeMilliseconds"
      dimensions  = { StreamName = var.raw_stream_name }
      statistic   = "Maximum"
      threshold   = var.iterator_age_ms
    }
    raw-write-throttled = {
      description = "Puts to the raw stream were throttled (shards full)"
      namespace   = "AWS/Kinesis"
      metric      = "WriteProvisionedThroughputExceeded"
      dimensions  = { StreamName = var.raw_stream_name }
      statistic   = "Sum"
      threshold   = 0
    }
    raw-read-throttled = {
      description = "Reads of the raw stream were throttled (too many consumers or calls)"
      namespace   = "AWS/Kinesis"
      metric      = "ReadProvisionedThroughputExceeded"
      dimensions  = { StreamName = var.raw_stream_name }
      statistic   = "Sum"
      threshold   = 0
    }
    quarantine-rate = {
      description = "More than ${var.quarantined_per_5min} records quarantined in 5 minutes"
      namespace   = "AWS/Kinesis"
      metric      = "IncomingRecords"
      dimensions  = { StreamName = var.quarantine_stream_name }
      statistic   = "Sum"
      threshold   = var.quarantined_per_5min
    }
    job-downtime = {
      description = "The Flink job is down (restarting or failed)"
      namespace   = "AWS/KinesisAnalytics"
      metric      = "downtime"
      dimensions  = { Application = var.application_name }
      statistic   = "Maximum"
      threshold   = 0
    }
    job-failed-checkpoints = {
      description = "Checkpoints fail: the lake stops committing and a restart would replay more"
      namespace   = "AWS/KinesisAnalytics"
      metric      = "numberOfFailedCheckpoints"
      dimensions  = { Application = var.application_name }
      statistic   = "Maximum"
      threshold   = 0
    }
    forwarder-reconnects = {
      description = "The forwarder reconnected more than ${var.reconnects_per_5min} times in 5 minutes"
      namespace   = var.forwarder_namespace
      metric      = "reconnects"
      dimensions  = { Service = "ingest-source" }
      statistic   = "Sum"
      threshold   = var.reconnects_per_5min
    }
    forwarder-unrecoverable-gaps = {
      description = "Trades the forwarder could not recover over REST (gap markers written)"
      namespace   = var.forwarder_namespace
      metric      = "unrecoverable_gaps"
      dimensions  = { Service = "ingest-source" }
      statistic   = "Sum"
      threshold   = 0
    }
    forwarder-backpressure = {
      description = "The forwarder's buffer was full and slowed its feeds"
      namespace   = var.forwarder_namespace
      metric      = "backpressure_ms"
      dimensions  = { Service = "ingest-source" }
      statistic   = "Sum"
      threshold   = var.backpressure_ms_per_5min
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each            = local.alarms
  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = each.value.threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.this.arn]
  ok_actions          = [aws_sns_topic.this.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "job_restarts" {
  alarm_name          = "${var.name}-job-restarts"
  alarm_description   = "The Flink job restarted (fullRestarts went up)"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.this.arn]
  ok_actions          = [aws_sns_topic.this.arn]

  metric_query {
    id          = "increase"
    expression  = "DIFF(restarts)"
    label       = "restarts in the period"
    return_data = true
  }

  metric_query {
    id = "restarts"

    metric {
      namespace   = "AWS/KinesisAnalytics"
      metric_name = "fullRestarts"
      dimensions  = { Application = var.application_name }
      period      = 300
      stat        = "Maximum"
    }
  }

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "table_throttles" {
  for_each            = var.table_names
  alarm_name          = "${var.name}-dynamodb-${each.key}-throttled"
  alarm_description   = "Writes to ${each.value} were throttled"
  namespace           = "AWS/DynamoDB"
  metric_name         = "ThrottledRequests"
  dimensions          = { TableName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.this.arn]
  ok_actions          = [aws_sns_topic.this.arn]
  tags                = var.tags
}

data "aws_region" "current" {}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [
      for i, w in [
        { title = "Raw stream: records in and read lag", metrics = [
          ["AWS/Kinesis", "IncomingRecords", "StreamName", var.raw_stream_name, { stat = "Sum" }],
          ["AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", "StreamName", var.raw_stream_name, { stat = "Maximum", yAxis = "right" }],
        ] },
        { title = "Forwarder", metrics = [
          [var.forwarder_namespace, "frames_in", "Service", "ingest-source", { stat = "Sum" }],
          [var.forwarder_namespace, "reconnects", "Service", "ingest-source", { stat = "Sum", yAxis = "right" }],
          [var.forwarder_namespace, "unrecoverable_gaps", "Service", "ingest-source", { stat = "Sum", yAxis = "right" }],
        ] },
        { title = "Flink job", metrics = [
          ["AWS/KinesisAnalytics", "downtime", "Application", var.application_name],
          ["AWS/KinesisAnalytics", "numberOfFailedCheckpoints", "Application", var.application_name],
          ["AWS/KinesisAnalytics", "lastCheckpointDuration", "Application", var.application_name, { yAxis = "right" }],
        ] },
        { title = "Quarantined records", metrics = [
          ["AWS/Kinesis", "IncomingRecords", "StreamName", var.quarantine_stream_name, { stat = "Sum" }],
        ] },
        { title = "DynamoDB throttles", metrics = [
          for t in values(var.table_names) : ["AWS/DynamoDB", "ThrottledRequests", "TableName", t, { stat = "Sum" }]
        ] },
        ] : {
        type   = "metric"
        x      = (i % 2) * 12
        y      = floor(i / 2) * 6
        width  = 12
        height = 6
        properties = {
          title   = w.title
          region  = data.aws_region.current.region
          metrics = w.metrics
          period  = 300
          view    = "timeSeries"
        }
      }
    ]
  })
}

# Alarms on what stops data from flowing or makes it wrong, and one dashboard. The forwarder's own
# counters arrive as CloudWatch embedded metric format lines in its JSON logs (namespace
# var.forwarder_namespace), so they need no agent and no PutMetricData permission.

data "aws_caller_identity" "current" {}

# The topic's key is a customer key: CloudWatch must encrypt what it publishes with the topic's key,
# and the AWS-managed alias/aws/sns key's policy cannot be changed to let it.
resource "aws_kms_key" "alarms" {
  description         = "${var.name}: the alarm topic"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.alarms_key.json
  tags                = var.tags
}

data "aws_iam_policy_document" "alarms_key" {
  statement {
    sid       = "Account"
    actions   = ["kms:*"] # the key policy's owner statement: the account administers its key
    resources = ["*"]     # in a key policy, "*" is the key itself

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchPublishes"
    actions   = ["kms:GenerateDataKey*", "kms:Decrypt"]
    resources = ["*"] # in a key policy, "*" is the key itself

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic" "this" {
  name              = "${var.name}-alarms"
  kms_master_key_id = aws_kms_key.alarms.arn
  tags              = var.tags
}

data "aws_iam_policy_document" "topic" {
  statement {
    sid       = "CloudWatchAlarms"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:cloudwatch:*:${data.aws_caller_identity.current.account_id}:alarm:${var.name}-*"]
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  arn    = aws_sns_topic.this.arn
  policy = data.aws_iam_policy_document.topic.json
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.this.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  # Each alarm watches a metric its namespace publishes with exactly these dimensions
  # (deploy-checks' AlarmsTest holds the catalogue). missing = what no data means: "breaching"
  # where silence is the failure (data stopped, the task or the job is gone).
  alarms = {
    raw-no-trades = {
      description = "No records reached the raw stream for 15 minutes: the forwarder or the venue stopped"
      namespace   = "AWS/Kinesis"
      metric      = "IncomingRecords"
      dimensions  = { StreamName = var.raw_stream_name }
      statistic   = "Sum"
      comparison  = "LessThanThreshold"
      threshold   = 1
      periods     = 3
      missing     = "breaching"
    }
    raw-write-throttled = {
      description = "Puts to the raw stream were throttled (shards full)"
      namespace   = "AWS/Kinesis"
      metric      = "WriteProvisionedThroughputExceeded"
      dimensions  = { StreamName = var.raw_stream_name }
      statistic   = "Sum"
      comparison  = "GreaterThanThreshold"
      threshold   = 0
      periods     = 1
      missing     = "notBreaching"
    }
    raw-read-throttled = {
      description = "Reads of the raw stream were throttled (the job's reader and the archive share each shard's 5 reads a second)"
      namespace   = "AWS/Kinesis"
      metric      = "ReadProvisionedThroughputExceeded"
      dimensions  = { StreamName = var.raw_stream_name }
      statistic   = "Sum"
      comparison  = "GreaterThanThreshold"
      threshold   = 0
      periods     = 1
      missing     = "notBreaching"
    }
    quarantine-rate = {
      description = "More than ${var.quarantined_per_5min} records quarantined in 5 minutes"
      namespace   = "AWS/Kinesis"
      metric      = "IncomingRecords"
      dimensions  = { StreamName = var.quarantine_stream_name }
      statistic   = "Sum"
      comparison  = "GreaterThanThreshold"
      threshold   = var.quarantined_per_5min
      periods     = 1
      missing     = "notBreaching"
    }
    job-not-running = {
      description = "The Flink job is not running: downtime above 0, or no uptime reported at all (stopped or failed)"
      namespace   = "AWS/KinesisAnalytics"
      metric      = "uptime"
      dimensions  = { Application = var.application_name }
      statistic   = "Minimum"
      comparison  = "LessThanOrEqualToThreshold"
      threshold   = 0
      periods     = 3
      missing     = "breaching"
    }
    job-downtime = {
      description = "The Flink job is down (restarting or failed)"
      namespace   = "AWS/KinesisAnalytics"
      metric      = "downtime"
      dimensions  = { Application = var.application_name }
      statistic   = "Maximum"
      comparison  = "GreaterThanThreshold"
      threshold   = 0
      periods     = 1
      missing     = "notBreaching"
    }
    job-checkpoint-duration = {
      description = "A checkpoint took over ${var.checkpoint_duration_ms} ms: the job is falling behind or its state grew"
      namespace   = "AWS/KinesisAnalytics"
      metric      = "lastCheckpointDuration"
      dimensions  = { Application = var.application_name }
      statistic   = "Maximum"
      comparison  = "GreaterThanThreshold"
      threshold   = var.checkpoint_duration_ms
      periods     = 2
      missing     = "notBreaching"
    }
    job-heap = {
      description = "The job's heap is over ${var.heap_percent}% used"
      namespace   = "AWS/KinesisAnalytics"
      metric      = "heapMemoryUtilization"
      dimensions  = { Application = var.application_name }
      statistic   = "Maximum"
      comparison  = "GreaterThanThreshold"
      threshold   = var.heap_percent
      periods     = 3
      missing     = "notBreaching"
    }
    job-cpu = {
      description = "The job's CPU is over ${var.cpu_percent}% used: it needs more KPUs"
      namespace   = "AWS/KinesisAnalytics"
      metric      = "cpuUtilization"
      dimensions  = { Application = var.application_name }
      statistic   = "Maximum"
      comparison  = "GreaterThanThreshold"
      threshold   = var.cpu_percent
      periods     = 3
      missing     = "notBreaching"
    }
    forwarder-not-running = {
      description = "No forwarder task is running"
      namespace   = "ECS/ContainerInsights"
      metric      = "RunningTaskCount"
      dimensions  = { ClusterName = var.forwarder_cluster_name, ServiceName = var.forwarder_service_name }
      statistic   = "Minimum"
      comparison  = "LessThanThreshold"
      threshold   = 1
      periods     = 2
      missing     = "breaching"
    }
    forwarder-reconnects = {
      description = "The forwarder reconnected more than ${var.reconnects_per_5min} times in 5 minutes"
      namespace   = var.forwarder_namespace
      metric      = "reconnects"
      dimensions  = { Service = "ingest-source" }
      statistic   = "Sum"
      comparison  = "GreaterThanThreshold"
      threshold   = var.reconnects_per_5min
      periods     = 1
      missing     = "notBreaching"
    }
    forwarder-refused = {
      description = "A venue refused the forwarder for good (HTTP 451 or 403): see its log"
      namespace   = var.forwarder_namespace
      metric      = "refused"
      dimensions  = { Service = "ingest-source" }
      statistic   = "Sum"
      comparison  = "GreaterThanThreshold"
      threshold   = 0
      periods     = 1
      missing     = "notBreaching"
    }
    forwarder-unrecoverable-gaps = {
      description = "Trades the forwarder could not recover over REST (gap markers written)"
      namespace   = var.forwarder_namespace
      metric      = "unrecoverable_gaps"
      dimensions  = { Service = "ingest-source" }
      statistic   = "Sum"
      comparison  = "GreaterThanThreshold"
      threshold   = 0
      periods     = 1
      missing     = "notBreaching"
    }
    forwarder-backpressure = {
      description = "The forwarder's buffer was full and slowed its feeds"
      namespace   = var.forwarder_namespace
      metric      = "backpressure_ms"
      dimensions  = { Service = "ingest-source" }
      statistic   = "Sum"
      comparison  = "GreaterThanThreshold"
      threshold   = var.backpressure_ms_per_5min
      periods     = 1
      missing     = "notBreaching"
    }
  }

  # Firehose freshness per delivery stream: the oldest record not yet in S3
  firehose_alarms = {
    for role, stream in var.firehose_stream_names : "firehose-${role}-stale" => {
      description = "${stream} holds a record older than ${var.firehose_freshness_s} s not yet delivered"
      stream      = stream
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
  evaluation_periods  = each.value.periods
  comparison_operator = each.value.comparison
  threshold           = each.value.threshold
  treat_missing_data  = each.value.missing
  alarm_actions       = [aws_sns_topic.this.arn]
  ok_actions          = [aws_sns_topic.this.arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "firehose_freshness" {
  for_each            = local.firehose_alarms
  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = "AWS/Firehose"
  metric_name         = "DeliveryToS3.DataFreshness"
  dimensions          = { DeliveryStreamName = each.value.stream }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.firehose_freshness_s
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.this.arn]
  ok_actions          = [aws_sns_topic.this.arn]
  tags                = var.tags
}

# How far behind the head of the raw stream the job reads, from the job's own Kinesis source
# (GetRecords.IteratorAgeMilliseconds would measure the archive's Firehose when the job reads by
# fan-out). A Metrics Insights query: the connector publishes it with more dimensions than the
# application, and the query takes the worst of them all.
resource "aws_cloudwatch_metric_alarm" "job_behind" {
  alarm_name          = "${var.name}-job-behind"
  alarm_description   = "The job reads the raw stream more than ${var.behind_latest_ms} ms behind its head"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  threshold           = var.behind_latest_ms
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.this.arn]
  ok_actions          = [aws_sns_topic.this.arn]

  metric_query {
    id          = "behind"
    expression  = "SELECT MAX(millisBehindLatest) FROM \"AWS/KinesisAnalytics\" WHERE Application = '${var.application_name}'"
    period      = 300
    label       = "ms behind the raw stream's head"
    return_data = true
  }

  tags = var.tags
}

# numberOfFailedCheckpoints counts since the job started: its rate, not its value, says a
# checkpoint failed in this period (the value would keep the alarm on until the next restart).
resource "aws_cloudwatch_metric_alarm" "failed_checkpoints" {
  alarm_name          = "${var.name}-job-failed-checkpoints"
  alarm_description   = "Checkpoints fail: the lake stops committing and a restart would replay more"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.this.arn]
  ok_actions          = [aws_sns_topic.this.arn]

  metric_query {
    id          = "rate"
    expression  = "RATE(failed)"
    label       = "failed checkpoints a second"
    return_data = true
  }

  metric_query {
    id = "failed"

    metric {
      namespace   = "AWS/KinesisAnalytics"
      metric_name = "numberOfFailedCheckpoints"
      dimensions  = { Application = var.application_name }
      period      = 300
      stat        = "Maximum"
    }
  }

  tags = var.tags
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

# ThrottledRequests is published per (TableName, Operation) only; the table-level throttle events
# are WriteThrottleEvents and ReadThrottleEvents.
resource "aws_cloudwatch_metric_alarm" "table_throttles" {
  for_each            = { for pair in setproduct(keys(var.table_names), ["WriteThrottleEvents", "ReadThrottleEvents"]) : "${pair[0]}-${pair[1]}" => { table = var.table_names[pair[0]], metric = pair[1] } }
  alarm_name          = "${var.name}-dynamodb-${each.key}"
  alarm_description   = "${each.value.metric} on ${each.value.table}"
  namespace           = "AWS/DynamoDB"
  metric_name         = each.value.metric
  dimensions          = { TableName = each.value.table }
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
        { title = "Raw stream: records in and throttled puts", metrics = [
          ["AWS/Kinesis", "IncomingRecords", "StreamName", var.raw_stream_name, { stat = "Sum" }],
          ["AWS/Kinesis", "WriteProvisionedThroughputExceeded", "StreamName", var.raw_stream_name, { stat = "Sum", yAxis = "right" }],
        ] },
        { title = "Forwarder", metrics = [
          [var.forwarder_namespace, "frames_in", "Service", "ingest-source", { stat = "Sum" }],
          [var.forwarder_namespace, "reconnects", "Service", "ingest-source", { stat = "Sum", yAxis = "right" }],
          [var.forwarder_namespace, "unrecoverable_gaps", "Service", "ingest-source", { stat = "Sum", yAxis = "right" }],
        ] },
        { title = "Flink job", metrics = [
          ["AWS/KinesisAnalytics", "downtime", "Application", var.application_name],
          ["AWS/KinesisAnalytics", "heapMemoryUtilization", "Application", var.application_name],
          ["AWS/KinesisAnalytics", "lastCheckpointDuration", "Application", var.application_name, { yAxis = "right" }],
        ] },
        { title = "Quarantined records", metrics = [
          ["AWS/Kinesis", "IncomingRecords", "StreamName", var.quarantine_stream_name, { stat = "Sum" }],
        ] },
        { title = "DynamoDB throttles", metrics = [
          for t in values(var.table_names) : ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", t, { stat = "Sum" }]
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

package io.marketpipe.job.sinks.dynamo;

import io.marketpipe.job.model.Trade;

/** Where latest prices go; the DynamoDB one writes conditionally. */
interface LatestPriceStore extends ConditionalStore<Trade> {}

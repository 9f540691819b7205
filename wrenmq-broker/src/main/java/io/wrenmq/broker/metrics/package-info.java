/**
 * The broker's counters and gauges ({@link io.wrenmq.broker.metrics.BrokerMetrics}, with the overload-protection ones in
 * {@link io.wrenmq.broker.metrics.LimitsMetrics}): cheap to increment from any event loop, read by $SYS, the REST API
 * and Prometheus. Imports nothing of the broker.
 */
package io.wrenmq.broker.metrics;

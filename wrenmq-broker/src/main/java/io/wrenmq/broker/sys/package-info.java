/**
 * The broker's own topics: {@code $SYS/brokers/<node>/...} statistics and the client connect/disconnect event topics,
 * published through the in-process API.
 */
package io.wrenmq.broker.sys;

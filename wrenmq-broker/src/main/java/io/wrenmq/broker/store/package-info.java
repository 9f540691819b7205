/**
 * What outlives the process: the narrow {@link io.wrenmq.broker.store.Store} interface (persistent sessions, their
 * subscriptions and QoS 1/2 deliveries, retained messages), its records, the in-memory no-op and the
 * {@code persistence} settings. The SQLite implementation is in {@code store.sqlite}.
 */
package io.wrenmq.broker.store;

/**
 * {@code persistence.type = sqlite}: the {@link io.wrenmq.broker.store.Store} in one SQLite file, written by one thread
 * with group commit (schema, migrations, coalescing, clean-up at open, error reporting).
 */
package io.wrenmq.broker.store.sqlite;

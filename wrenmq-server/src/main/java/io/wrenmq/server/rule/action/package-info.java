/**
 * Rule actions (issue #14): where the rows a rule selects go. Each action has a bounded queue filled by
 * {@link io.wrenmq.server.rule.action.RuleAction#offer} (never blocks the broker thread), one worker thread that
 * writes batches and retries the batch in hand with backoff while the target is away, and counters. Targets: SQLite,
 * PostgreSQL, TimescaleDB and MariaDB/MySQL tables through a small HikariCP pool ({@code JdbcDatabase}), and HTTP
 * ({@code HttpAction}).
 */
package io.wrenmq.server.rule.action;

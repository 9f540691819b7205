/**
 * The rule engine: rules ({@code rules { ... }} in the configuration file, or created through {@code /api/v4/rules})
 * whose SQL ({@link io.wrenmq.server.rule.sql}) selects from the messages published in the broker, and whose rows go
 * to actions ({@link io.wrenmq.server.rule.action}): databases, HTTP, republishing, bridges. The engine is one
 * in-process subscriber of the broker; evaluation runs on its own thread and never blocks the publish path.
 */
package io.wrenmq.server.rule;

/**
 * What every feature that sends to other systems shares: the retry backoff, the outgoing HTTP client and request
 * shape, and a gate that keeps repeated warnings to one line per interval (WebHooks, rule actions).
 */
package io.wrenmq.server.outbound;

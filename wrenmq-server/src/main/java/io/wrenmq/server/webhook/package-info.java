/** WebHooks: broker events posted as JSON to HTTP targets (NanoMQ's and EMQX 4's bodies), with bounded queues. */
package io.wrenmq.server.webhook;

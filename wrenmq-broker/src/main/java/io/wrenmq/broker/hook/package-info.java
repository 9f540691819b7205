/**
 * Broker events: the {@link io.wrenmq.broker.hook.BrokerEvents} interface every outside feature listens on (WebHooks,
 * event topics, an embedder's code), the event records, and the {@link io.wrenmq.broker.hook.EventHub} that hands them
 * out. Imports nothing of the broker, so every part can emit.
 */
package io.wrenmq.broker.hook;

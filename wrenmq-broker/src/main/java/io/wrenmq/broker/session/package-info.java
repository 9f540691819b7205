/**
 * MQTT sessions: {@link io.wrenmq.broker.session.Session} (subscriptions, the bounded queue and its drop policy, QoS
 * 1/2 in flight, will and expiry) and the {@link io.wrenmq.broker.session.SessionRegistry} (attach, takeover, expiry,
 * restore from the store). A session meets its client only through {@link io.wrenmq.broker.session.SessionConnection}.
 */
package io.wrenmq.broker.session;

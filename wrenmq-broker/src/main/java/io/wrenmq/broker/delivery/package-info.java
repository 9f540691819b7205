/**
 * From a published message to the sessions that get it: {@link io.wrenmq.broker.delivery.MessageRouter} (retained,
 * matching, store, one delivery per target), the hand-over to each target's event loop, back-pressure on publishers,
 * and {@link io.wrenmq.broker.delivery.SubscriptionService} (SUBSCRIBE/UNSUBSCRIBE with retained sends).
 */
package io.wrenmq.broker.delivery;

/**
 * The application message in its three lives: {@link io.wrenmq.broker.message.Message} on its way through the broker
 * (reference counted, its payload shared by every subscriber), {@link io.wrenmq.broker.message.StoredMessage} as the
 * store keeps it for persistent sessions, and {@link io.wrenmq.broker.message.RetainedMessage} as retained. Values on
 * the codec only, below routing, store, session and delivery.
 */
package io.wrenmq.broker.message;

/**
 * What a listener is and what it learned about a connection: {@link io.wrenmq.broker.listener.ListenerConfig} and
 * {@link io.wrenmq.broker.listener.TlsConfig}, the {@link io.wrenmq.broker.listener.ConnectionInfo} the transport sets
 * on each channel (listener, client address, verified certificate) and the protocol reads, the names taken from a
 * certificate, and the pipeline's handler names. A ground floor shared by transport, protocol, auth and limits.
 */
package io.wrenmq.broker.listener;

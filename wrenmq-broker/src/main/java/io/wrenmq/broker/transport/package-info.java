/**
 * The listeners' sockets: the one place a connection's pipeline is built (TCP, TLS, WebSocket, secure WebSocket),
 * frame decoding, the TLS context and handshake, the WebSocket upgrade checks and the native transport choice. Hands
 * each connection to the protocol.
 */
package io.wrenmq.broker.transport;

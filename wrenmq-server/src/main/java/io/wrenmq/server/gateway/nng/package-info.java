/**
 * nanomsg/NNG Scalability Protocols over TCP, written from the public specifications (nanomsg's rfc/sp-tcp-mapping-01,
 * sp-protocol-ids-01, sp-publish-subscribe-01) and checked against nng's behaviour: the 8-byte connection header,
 * 64-bit length-prefixed messages, PUB0/SUB0 (subscriber-side prefix filtering), PAIR0 and PAIR1 (32-bit hop count).
 * {@link io.wrenmq.server.gateway.nng.NngSocket} is the whole API. Only {@code tcp://}: no ipc://, inproc://,
 * WebSocket or TLS transports.
 *
 * <p>ByteBuf ownership: {@code NngSocket.send(ByteBuf)} owns and releases what it is given; received bodies are lent
 * to the {@link io.wrenmq.server.gateway.nng.NngMessageHandler} for the duration of the call; the frame decoder's
 * slices are released by {@code NngPipe} (SimpleChannelInboundHandler).
 */
package io.wrenmq.server.gateway.nng;

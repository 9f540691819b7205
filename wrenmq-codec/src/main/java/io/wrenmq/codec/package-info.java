/**
 * MQTT packets and their wire format, nothing else: immutable packet types, properties and reason codes, the frame
 * decoder with per-version decoder tables (errors are values), the encoder, and the topic name/filter rules
 * ({@link io.wrenmq.codec.TopicSyntax}). Depends on netty-buffer only; every other module is above it.
 */
package io.wrenmq.codec;

/**
 * PEM keys and certificates for TLS. Not wire format, but shared by the broker (its TLS listeners) and the tools
 * (client TLS of pub and sub), and the codec is the one module below both. BouncyCastle is an optional dependency of
 * the codec: modules that call {@link io.wrenmq.codec.tls.PemFiles} declare it themselves.
 */
package io.wrenmq.codec.tls;

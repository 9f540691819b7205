/**
 * The configuration file: the key schema (validation, defaults, docs), HOCON loading with environment and command-line
 * overrides, NanoMQ compatibility, errors with file and line, and the loaded {@link io.wrenmq.server.config.ServerConfig}.
 */
package io.wrenmq.server.config;

/**
 * Overload protection and bans: connection and publish rates, {@code max_connections}, subscription limits, flapping
 * detection and the ban list, with their settings ({@link io.wrenmq.broker.limits.LimitsConfig}). Checks the listener
 * at accept, the client at CONNECT and its packets afterwards.
 */
package io.wrenmq.broker.limits;

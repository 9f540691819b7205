/**
 * Network address values that several broker packages share without importing each other: {@link IpRange}, the
 * one parser of IP addresses and CIDR ranges, used by {@code limits} (bans, flapping) and {@code auth} (ACL rules
 * with {@code ipaddr}). A ground floor: it imports nothing of the broker.
 */
package io.wrenmq.broker.net;

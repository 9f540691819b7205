/**
 * Who may connect and what they may do: the authenticator chain (password file, SCRAM-SHA-256 enhanced authentication,
 * an embedder's own), the ACL (NanoMQ's file syntax, rules, cache) and {@link io.wrenmq.broker.auth.AccessControl}, the
 * identity of a client, and their settings ({@code AuthConfig}, {@code AclConfig}). The HTTP service variant is the
 * sub-package {@code auth.http}, wired by {@link io.wrenmq.broker.auth.AuthService}.
 */
package io.wrenmq.broker.auth;

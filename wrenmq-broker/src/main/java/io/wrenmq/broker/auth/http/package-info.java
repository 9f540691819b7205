/**
 * {@code auth.http_auth}: authentication ({@code auth_req}, {@code super_req}) and ACL ({@code acl_req}) asked of an
 * HTTP service, asynchronously, with NanoMQ's placeholders. Implements the interfaces of {@code auth}.
 */
package io.wrenmq.broker.auth.http;

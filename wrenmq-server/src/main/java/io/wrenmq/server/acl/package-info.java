/** NanoMQ's {@code auth.acl} (an include or inline rules) and reading the ACL file into the engine's config. */
package io.wrenmq.server.acl;

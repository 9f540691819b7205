/**
 * Files the server writes for others to read: the PID file (and the reload report beside it) and owner-only
 * secrets, written atomically. Below every other server package, so the composition root, the CLI and the REST API
 * all use it without an import loop.
 */
package io.wrenmq.server.files;

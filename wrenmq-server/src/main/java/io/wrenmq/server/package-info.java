/**
 * The server around the engine: {@link io.wrenmq.server.WrenServer} builds and owns the broker and its
 * {@link io.wrenmq.server.ServerComponent}s (WebHooks, REST API), starts them in order and closes them in one call.
 */
package io.wrenmq.server;

/**
 * The REST API ({@code /api/v4}, NanoMQ's endpoints) and the Prometheus endpoint: the HTTP server, its settings
 * ({@link io.wrenmq.server.http.HttpServerConfig}), authentication (Basic, JWT), routes and endpoints.
 */
package io.wrenmq.server.http;

/**
 * The web dashboard's server side that does not depend on the REST API: its login sessions, the login throttle,
 * the static files it serves from the jar and the metrics history behind its charts. The HTTP glue (routes,
 * cookies, authentication) is in {@link io.wrenmq.server.http}, which imports this package and never the reverse.
 */
package io.wrenmq.server.http.dashboard;

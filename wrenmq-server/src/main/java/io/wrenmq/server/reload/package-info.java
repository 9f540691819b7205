/**
 * Hot reload and restart of the running engine: what a new configuration changes at run time, what needs a restart,
 * and the report of it.
 */
package io.wrenmq.server.reload;

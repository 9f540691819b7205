/**
 * The {@code wrenmq} command: start, stop, reload, passwd, version (the tools' pub, sub and bench are registered from
 * wrenmq-tools), NanoMQ's start flags, the PID file option and SIGHUP.
 */
package io.wrenmq.server.cli;

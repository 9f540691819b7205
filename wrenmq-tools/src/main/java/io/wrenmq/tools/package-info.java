/**
 * The command-line MQTT clients `wrenmq pub` and `wrenmq sub` (mosquitto_pub/sub flags), how they are registered
 * ({@link io.wrenmq.tools.ToolCommands}), and what every `wrenmq` command shares: exit codes, the version, usage and
 * error reporting. Built on wrenmq-client and wrenmq-codec only; the server registers these commands, never the
 * other way round.
 */
package io.wrenmq.tools;

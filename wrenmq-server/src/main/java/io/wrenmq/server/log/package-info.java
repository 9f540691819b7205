/**
 * Log destinations that Logback has no fitting appender for: syslog in RFC 5424 form over UDP (Logback's own
 * SyslogAppender speaks the older BSD format of RFC 3164). Knows nothing of the configuration file;
 * io.wrenmq.server.config builds these from the `log` block.
 */
package io.wrenmq.server.log;

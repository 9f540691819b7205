package io.wrenmq.tools;

/** What a command run in-process left: its exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {
}

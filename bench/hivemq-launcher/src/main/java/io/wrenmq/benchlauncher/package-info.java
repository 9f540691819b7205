/** Starts HiveMQ CE embedded for bench/compare.sh (a separate project, not part of the reactor). */
package io.wrenmq.benchlauncher;

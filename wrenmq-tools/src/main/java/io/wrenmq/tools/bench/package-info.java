/** `wrenmq bench`: load generators (pubsub, pub, sub, conn) for any MQTT broker, with latency and loss reports. */
package io.wrenmq.tools.bench;

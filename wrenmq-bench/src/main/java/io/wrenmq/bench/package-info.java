/** JMH micro-benchmarks of the codec, the subscription trie and rule SQL evaluation (not shipped). */
package io.wrenmq.bench;

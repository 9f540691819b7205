/** JMH micro-benchmarks of the codec and the subscription trie (not shipped). */
package io.wrenmq.bench;

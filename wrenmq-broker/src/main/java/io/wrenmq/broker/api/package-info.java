/**
 * The in-process API, for everything that is not a socket (REST, wills, $SYS, bridges, an embedder): what
 * {@code WrenBroker.publish} takes ({@link io.wrenmq.broker.api.Publication}) and in-process subscribers with a
 * session's guarantees ({@link io.wrenmq.broker.api.InProcessSubscriber}).
 */
package io.wrenmq.broker.api;

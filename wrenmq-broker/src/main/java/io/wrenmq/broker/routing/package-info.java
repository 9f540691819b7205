/**
 * Who gets a message: the {@link io.wrenmq.broker.routing.SubscriptionTrie} (+, #, $ rules), shared subscription groups
 * and their strategy, topic filter matching, and the retained messages by topic
 * ({@link io.wrenmq.broker.routing.RetainedStore}). Generic over the subscriber type: it knows no session.
 */
package io.wrenmq.broker.routing;

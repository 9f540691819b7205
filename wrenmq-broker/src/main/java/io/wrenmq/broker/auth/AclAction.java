package io.wrenmq.broker.auth;

/** What a client wants to do with a topic: publish to it, or subscribe to (and so receive from) it. */
public enum AclAction {
    PUBLISH,
    SUBSCRIBE
}

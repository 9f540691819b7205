package io.wrenmq.broker.routing;

import io.wrenmq.broker.message.RetainedMessage;

/** A topic level of {@link MemoryRetainedStore}: at most one retained message plus literal children. */
final class RetainedNode extends TreeNode<RetainedNode> {
    /** Written under this node's monitor. */
    volatile RetainedMessage message;

    RetainedNode(RetainedNode parent, String level) {
        super(parent, level);
    }

    @Override
    RetainedNode newChild(String level) {
        return new RetainedNode(this, level);
    }

    @Override
    boolean isEmpty() {
        return message == null && super.isEmpty();
    }
}

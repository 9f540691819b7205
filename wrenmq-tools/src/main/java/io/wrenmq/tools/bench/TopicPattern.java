package io.wrenmq.tools.bench;

/** Topic patterns with {@code %i} (the client's index). */
final class TopicPattern {
    private TopicPattern() {
    }

    static String expand(String pattern, int index) {
        return pattern.replace("%i", Integer.toString(index));
    }
}

package io.wrenmq.broker.routing;

import java.util.Random;

/** Random filters and topics over a small alphabet, so that they collide often. */
final class RandomTopics {
    private static final String[] LEVELS = {"a", "b", "c", "", "$SYS", "$x", "ü", "ab"};
    private final Random random;

    RandomTopics(Random random) {
        this.random = random;
    }

    String topic() {
        int depth = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(LEVELS[random.nextInt(LEVELS.length)]);
        }
        if (sb.length() == 0) {
            sb.append('a'); // a topic name is never empty [MQTT-4.7.3-1]
        }
        return sb.toString();
    }

    String filter() {
        int depth = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                sb.append('/');
            }
            int r = random.nextInt(10);
            if (i == depth - 1 && r == 0) {
                sb.append('#');
            } else if (r < 3) {
                sb.append('+');
            } else {
                sb.append(LEVELS[random.nextInt(LEVELS.length)]);
            }
        }
        if (sb.length() == 0) {
            sb.append('+');
        }
        return sb.toString();
    }
}

package io.wrenmq.server.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicRemapTest {

    @Test
    void emptyTargetKeepsTheTopic() {
        TopicRemap r = new TopicRemap("a/#", "", "", "");
        assertTrue(r.isIdentity());
        assertEquals("a/b/c", r.apply("a/b/c"));
    }

    @Test
    void plainTargetReplacesTheTopic() {
        TopicRemap r = new TopicRemap("topic1", "fwd/topic1", "", "");
        assertFalse(r.isIdentity());
        assertEquals("fwd/topic1", r.apply("topic1"));
    }

    @Test
    void prefixAndSuffixAreJoinedAsWritten() {
        assertEquals("emqx/fwd/topic1/forward/rule1", new TopicRemap("topic1", "fwd/topic1", "emqx/", "/forward/rule1").apply("topic1"));
        assertEquals("site-7/a/b", new TopicRemap("a/#", "", "site-7/", "").apply("a/b"));
    }

    @Test
    void wildcardsAreFilledFromTheMatchedLevels() {
        // EMQX Edge's example: +/nano/# -> # with prefix cmd/ and suffix /remote
        assertEquals("cmd/start/remote", new TopicRemap("+/nano/#", "#", "cmd/", "/remote").apply("system/nano/start"));
        assertEquals("dev/7/temp/x/y", new TopicRemap("site/+/+/#", "dev/+/+/#", "", "").apply("site/7/temp/x/y"));
        assertEquals("b/a", new TopicRemap("+/+", "+/+", "", "").apply("b/a"));
        assertEquals("up/a", new TopicRemap("+/x/+", "up/+", "", "").apply("a/x/c"));
        assertEquals("up/s/t", new TopicRemap("#", "up/#", "", "").apply("s/t"));
    }

    @Test
    void hashThatMatchedNoLevelDisappearsWithItsSeparator() {
        assertEquals("up/a", new TopicRemap("a/#", "up/a/#", "", "").apply("a"));
        // a target that would be empty keeps the message's own topic
        assertEquals("a", new TopicRemap("a/#", "#", "", "").apply("a"));
    }

    @Test
    void emptyLevelsArePreserved() {
        assertEquals("x//y", new TopicRemap("+/#", "x/+/#", "", "").apply("/y"));
    }

    @Test
    void targetsThatCannotBeFilledAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TopicRemap("a/+", "+/+", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new TopicRemap("a/+", "b/#", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new TopicRemap("a", "b", "x/+", ""));
        assertThrows(IllegalArgumentException.class, () -> new TopicRemap("a", "b", "", "#"));
    }
}

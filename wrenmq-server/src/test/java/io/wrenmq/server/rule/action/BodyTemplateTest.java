package io.wrenmq.server.rule.action;

import static io.wrenmq.server.rule.action.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BodyTemplateTest {

    @Test
    void withoutATemplateTheBodyIsTheRowAsJsonInSelectOrder() {
        assertThat(BodyTemplate.parse(null).render(row("b", 1L, "a", List.of(true, 2.5), "n", null)))
                .isEqualTo("{\"b\":1,\"a\":[true,2.5],\"n\":null}");
        assertThat(BodyTemplate.parse("").render(row("x", "y"))).isEqualTo("{\"x\":\"y\"}");
    }

    @Test
    void placeholdersTakeFieldsAndPathsIntoObjects() {
        BodyTemplate t = BodyTemplate.parse("${topic}|${payload.t}|${payload.t.deeper}|${ payload }|${n}|${x.y}|${flag}");
        assertThat(t.render(row("topic", "a/b", "payload", row("t", 21.5), "n", 3L, "x.y", "dotted", "flag", false)))
                .isEqualTo("a/b|21.5|null|{\"t\":21.5}|3|dotted|false");
    }

    @Test
    void textWithoutPlaceholdersIsKept() {
        assertThat(BodyTemplate.parse("plain $ text {}").render(row("a", 1L))).isEqualTo("plain $ text {}");
    }
}

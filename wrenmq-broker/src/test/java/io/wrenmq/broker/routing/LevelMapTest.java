package io.wrenmq.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelMapTest {

    @Test
    void getByRegionPutReplaceRemove() {
        LevelMap<String> map = new LevelMap<>();
        map.put("b", "B");
        map.put("", "EMPTY");
        map.put("ü€", "UNICODE");
        assertThat(map.get("a/b/c", 2, 3)).isEqualTo("B");
        assertThat(map.get("a//c", 2, 2)).isEqualTo("EMPTY");
        assertThat(map.get("x/ü€/y", 2, 4)).isEqualTo("UNICODE");
        assertThat(map.get("a/bc", 2, 4)).isNull();
        assertThat(map.put("b", "B2")).isEqualTo("B");
        assertThat(map.size()).isEqualTo(3);
        assertThat(map.remove("b")).isEqualTo("B2");
        assertThat(map.remove("b")).isNull();
        assertThat(map.get("b")).isNull();
        assertThat(map.size()).isEqualTo(2);
    }

    @Test
    void growsAndShrinksBack() {
        LevelMap<Integer> map = new LevelMap<>();
        for (int i = 0; i < 10_000; i++) {
            map.put("k" + i, i);
        }
        assertThat(map.capacity()).isGreaterThanOrEqualTo(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(map.get("k" + i)).isEqualTo(i);
        }
        List<Integer> seen = new ArrayList<>();
        map.forEachValue(seen::add);
        assertThat(seen).hasSize(10_000);
        for (int i = 0; i < 9_998; i++) {
            assertThat(map.remove("k" + i)).isEqualTo(i);
        }
        assertThat(map.capacity()).isLessThanOrEqualTo(16); // shrinks while size < capacity / 8
        assertThat(map.get("k9998")).isEqualTo(9998);
        assertThat(map.get("k9999")).isEqualTo(9999);
    }
}

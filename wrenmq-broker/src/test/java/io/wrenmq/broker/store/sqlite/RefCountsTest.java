package io.wrenmq.broker.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefCountsTest {
    @Test
    void rollbackRestoresTheCountsOfTheMarkAndCommitKeepsThem() {
        RefCounts refs = new RefCounts(new HashMap<>(Map.of(1L, 2)));
        refs.add(1L, -1);
        refs.commit();
        int mark = refs.mark();
        assertThat(refs.add(1L, -1)).isZero();
        assertThat(refs.add(2L, 3)).isEqualTo(3);
        assertThat(refs.add(2L, -1)).isEqualTo(2);
        assertThat(refs.size()).isEqualTo(1);

        refs.rollbackTo(mark);

        assertThat(refs.get(1L)).isEqualTo(1);
        assertThat(refs.get(2L)).isZero();
        assertThat(refs.size()).isEqualTo(1);
    }
}

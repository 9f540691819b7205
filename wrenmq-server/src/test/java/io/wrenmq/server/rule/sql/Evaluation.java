package io.wrenmq.server.rule.sql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Assertions about evaluations that fail. */
final class Evaluation {
    private Evaluation() {
    }

    /** {@code SELECT <expr> AS v FROM "#"} on the sample message fails with a reason containing {@code reason}. */
    static void fails(String expr, String reason) {
        fails(expr, Messages.sample(), reason);
    }

    static void fails(String expr, RuleMessage m, String reason) {
        assertThatThrownBy(() -> Messages.value(expr, m)).as(expr)
                .isInstanceOf(RuleEvaluationException.class).hasMessageContaining(reason);
    }
}

package io.wrenmq.server.rule;

import io.wrenmq.codec.TopicSyntax;
import io.wrenmq.server.rule.sql.RuleMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The running rules, in order, and the distinct FROM filters among them: each filter is matched once per message
 * however many rules name it (ten rules on "sensors/#" cost one match, not ten), on the publisher's event loop, and
 * the result travels with the message as a bit set (bit i: filter i; the filters from the 64th on share bit 63,
 * "match them again"). Which rules run where is fixed per rule: {@link Rule#inline()} on the event loop, the others
 * on the engine's thread; {@link #inlineFilters} and {@link #queuedFilters} say which filter bits concern which side.
 * Rules whose statements are the same text are evaluated once per message (NanoMQ's files repeat a statement per
 * kind of action). Immutable: a change of rules makes a new plan.
 */
final class RulePlan {
    static final RulePlan EMPTY = new RulePlan(List.of());
    private static final int LAST_BIT = 63;

    final Rule[] rules;
    private final boolean[] inline;
    private final String[] filters;
    private final boolean[] wildcard;
    private final int[][] filtersOf;
    /** Per rule: the first earlier rule with the same statement (evaluated once for both), or -1. */
    private final int[] sameAs;
    /** The filters of the rules evaluated on the event loop, as bits. */
    final long inlineFilters;
    /** The filters of the rules evaluated on the engine's thread, as bits. */
    final long queuedFilters;

    RulePlan(List<Rule> rules) {
        List<String> names = new ArrayList<>();
        this.rules = rules.toArray(Rule[]::new);
        this.inline = new boolean[rules.size()];
        this.filtersOf = new int[rules.size()][];
        this.sameAs = new int[rules.size()];
        List<String> statements = new ArrayList<>();
        long inlineBits = 0;
        long queuedBits = 0;
        for (int r = 0; r < rules.size(); r++) {
            inline[r] = this.rules[r].inline();
            String statement = this.rules[r].spec().sql().strip();
            sameAs[r] = statements.indexOf(statement); // same text: same FROM, same side, same rows
            statements.add(statement);
            List<String> own = this.rules[r].topicFilters();
            filtersOf[r] = new int[own.size()];
            for (int i = 0; i < own.size(); i++) {
                int at = names.indexOf(own.get(i));
                if (at < 0) {
                    at = names.size();
                    names.add(own.get(i));
                }
                filtersOf[r][i] = at;
                if (inline[r]) {
                    inlineBits |= bit(at);
                } else {
                    queuedBits |= bit(at);
                }
            }
        }
        this.filters = names.toArray(String[]::new);
        this.wildcard = new boolean[filters.length];
        for (int i = 0; i < wildcard.length; i++) {
            wildcard[i] = TopicSyntax.hasWildcard(filters[i]);
        }
        this.inlineFilters = inlineBits;
        this.queuedFilters = queuedBits;
    }

    private static long bit(int filter) {
        return 1L << Math.min(filter, LAST_BIT);
    }

    boolean isEmpty() {
        return rules.length == 0;
    }

    /** The filters that have {@code topic}, as a bit set; 0 when none. */
    long match(String topic) {
        long bits = 0;
        for (int f = 0; f < filters.length; f++) {
            if (matches(f, topic)) {
                bits |= bit(f);
                if (f >= LAST_BIT) {
                    break; // whoever runs the rules matches the filters from the 64th on again
                }
            }
        }
        return bits;
    }

    private boolean matches(int f, String topic) {
        return wildcard[f] ? TopicSyntax.matches(filters[f], topic) : filters[f].equals(topic);
    }

    /**
     * Runs, in order, every rule of one side ({@code inlineSide}) with a filter in {@code bits}; {@code workers} are
     * the calling thread's workers of this plan's rules, by position.
     */
    void run(RuleMessage m, long bits, boolean inlineSide, Rule.Worker[] workers) {
        for (int r = 0; r < rules.length; r++) {
            if (inline[r] != inlineSide) {
                continue;
            }
            for (int f : filtersOf[r]) {
                if (f < LAST_BIT ? (bits & (1L << f)) != 0 : (bits & (1L << LAST_BIT)) != 0 && matches(f, m.topic())) {
                    if (sameAs[r] < 0) {
                        workers[r].process(m);
                    } else {
                        workers[r].processAs(m, workers[sameAs[r]]);
                    }
                    break;
                }
            }
        }
    }
}

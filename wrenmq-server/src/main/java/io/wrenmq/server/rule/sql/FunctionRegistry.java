package io.wrenmq.server.rule.sql;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The built-in functions by name (case-insensitive, as in EMQX): the table the parser checks names and argument
 * counts against. Each group of functions registers itself from its own class.
 */
final class FunctionRegistry {
    private static final Map<String, FunctionSpec> BUILTIN = build();

    private FunctionRegistry() {
    }

    /**
     * Functions whose cost is not bounded by the size of their input: a regular expression given by the rule runs
     * against client data, and a backtracking pattern can take exponential time on a crafted payload. A rule that
     * calls one is evaluated on the engine's own thread, never on a broker event loop.
     */
    private static final Set<String> UNBOUNDED_COST = Set.of("regex_match", "regex_replace");

    static boolean hasUnboundedCost(FunctionSpec spec) {
        return UNBOUNDED_COST.contains(spec.name());
    }

    /** The function called {@code name} in any case, or null. */
    static FunctionSpec find(String name) {
        return BUILTIN.get(name.toLowerCase(Locale.ROOT));
    }

    static Collection<FunctionSpec> all() {
        return Collections.unmodifiableCollection(BUILTIN.values());
    }

    private static Map<String, FunctionSpec> build() {
        Map<String, FunctionSpec> specs = new LinkedHashMap<>();
        Consumer<FunctionSpec> add = spec -> {
            if (specs.put(spec.name(), spec) != null) {
                throw new IllegalStateException("function registered twice: " + spec.name());
            }
        };
        StringFunctions.register(add);
        MathFunctions.register(add);
        TypeFunctions.register(add);
        CodecFunctions.register(add);
        TimeFunctions.register(add);
        CollectionFunctions.register(add);
        return specs;
    }
}

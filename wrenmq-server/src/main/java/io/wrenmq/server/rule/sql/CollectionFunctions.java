package io.wrenmq.server.rule.sql;

import static io.wrenmq.server.rule.sql.FunctionSpec.pure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Array and map functions, with EMQX's names. Array positions start at 1 ({@code nth(1, a)} is the first
 * element; out of range makes the rule fail, as Erlang's lists:nth does). A map key may be a dotted path
 * ({@code map_get('a.b', m)}). Nothing changes its arguments: {@code map_put} returns a new map.
 */
final class CollectionFunctions {
    private CollectionFunctions() {
    }

    static void register(Consumer<FunctionSpec> add) {
        add.accept(pure("nth", 2, 2, a -> element(a, a.integer(0), a.list(1))));
        add.accept(pure("length", 1, 1, a -> (long) a.list(0).size()));
        add.accept(pure("first", 1, 1, a -> element(a, 1, a.list(0))));
        add.accept(pure("last", 1, 1, a -> element(a, a.list(0).size(), a.list(0))));
        add.accept(pure("sublist", 2, 3, CollectionFunctions::sublist));
        add.accept(pure("contains", 2, 2, CollectionFunctions::contains));
        add.accept(pure("map_new", 0, 0, a -> new LinkedHashMap<String, Object>()));
        add.accept(pure("map_get", 2, 3, CollectionFunctions::mapGet));
        add.accept(pure("mget", 2, 3, CollectionFunctions::mapGet));
        add.accept(pure("map_put", 3, 3, CollectionFunctions::mapPut));
        add.accept(pure("mput", 3, 3, CollectionFunctions::mapPut));
        add.accept(pure("map_keys", 1, 1, a -> new ArrayList<Object>(a.map(0).keySet())));
        add.accept(pure("map_values", 1, 1, a -> new ArrayList<>(a.map(0).values())));
    }

    private static Object element(Arguments a, long n, List<Object> list) {
        if (n < 1 || n > list.size()) {
            throw a.fail("position " + n + " is outside the array of " + list.size());
        }
        return list.get((int) n - 1);
    }

    /** sublist(length, array) or sublist(start, length, array): up to length elements from start (1-based). */
    private static Object sublist(Arguments a) {
        boolean withStart = a.size() == 3;
        long start = withStart ? a.integer(0) : 1;
        long length = a.integer(withStart ? 1 : 0);
        List<Object> list = a.list(withStart ? 2 : 1);
        if (start < 1 || length < 0) {
            throw a.fail("start must be 1 or more and length not negative");
        }
        int from = (int) Math.min(start - 1, list.size());
        int to = (int) Math.min(from + length, list.size());
        return new ArrayList<>(list.subList(from, to));
    }

    private static Object contains(Arguments a) {
        Object v = a.value(0);
        for (Object e : a.list(1)) {
            if (Values.equal(v, e)) {
                return true;
            }
        }
        return false;
    }

    /** map_get(key, map[, default]): the value at key, or at its dotted path; default (or null) when absent. */
    private static Object mapGet(Arguments a) {
        String key = a.string(0);
        Map<String, Object> map = a.map(1);
        Object fallback = a.size() > 2 ? a.value(2) : null;
        if (map.containsKey(key)) {
            return map.get(key);
        }
        Object v = map;
        for (String part : key.split("\\.", -1)) {
            if (!(v instanceof Map<?, ?> m) || !m.containsKey(part)) {
                return fallback;
            }
            v = m.get(part);
        }
        return v;
    }

    /** map_put(key, value, map): a copy of map with value at key (a dotted key makes or extends nested maps). */
    private static Object mapPut(Arguments a) {
        String key = a.string(0);
        Map<String, Object> map = a.map(2);
        String[] path = map.containsKey(key) ? new String[] {key} : key.split("\\.", -1);
        return Nesting.put(map, path, 0, a.value(1));
    }
}

package io.wrenmq.server.rule.sql;

import java.util.Locale;
import java.util.Set;

/** The reserved words of rule SQL (case-insensitive). They cannot name a field or an alias, only a JSON key. */
final class Keywords {
    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "AS", "AND", "OR", "NOT", "IN",
            "IS", "NULL", "TRUE", "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "FOREACH", "DO", "INCASE", "DIV",
            "MOD");

    private Keywords() {
    }

    static boolean isReserved(String word) {
        return RESERVED.contains(word.toUpperCase(Locale.ROOT));
    }
}

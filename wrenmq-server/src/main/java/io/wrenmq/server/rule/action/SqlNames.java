package io.wrenmq.server.rule.action;

import java.util.regex.Pattern;

/**
 * Table and column names. Configured names must be plain identifiers (letters, digits, underscore; at most 63, the
 * PostgreSQL limit) and are refused otherwise; names made from row keys have every other character replaced. Either
 * way a name that reaches SQL text is an identifier and is quoted as well: SQL is never built from anything else,
 * and values are always bound as parameters.
 */
final class SqlNames {
    static final int MAX_LENGTH = 63;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NOT_IDENTIFIER_CHAR = Pattern.compile("[^A-Za-z0-9_]");

    private SqlNames() {
    }

    static boolean valid(String name) {
        return name != null && name.length() <= MAX_LENGTH && IDENTIFIER.matcher(name).matches();
    }

    /** The name, or an error naming the setting. */
    static String checked(String name, String subKey) {
        if (!valid(name)) {
            throw new InvalidActionConfig(subKey, (name == null || name.isEmpty() ? "is empty" : "'" + name
                    + "' is not a plain name"), "letters, digits and underscore, not starting with a digit, at most "
                    + MAX_LENGTH + " characters, e.g. mqtt_rows");
        }
        return name;
    }

    /**
     * The column a row key goes to: the key itself when it is a plain name, else with each other character made
     * '_' ({@code payload.temp} -> {@code payload_temp}), '_' before a leading digit, cut at 63 characters.
     */
    static String columnFor(String key) {
        if (valid(key)) {
            return key;
        }
        String name = NOT_IDENTIFIER_CHAR.matcher(key).replaceAll("_");
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            name = "_" + name;
        }
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }
}

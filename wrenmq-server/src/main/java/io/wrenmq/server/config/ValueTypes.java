package io.wrenmq.server.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value types the schema uses. Numbers and booleans are also accepted as strings, because
 * environment overrides always arrive as strings.
 */
public final class ValueTypes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-z]*)");

    private ValueTypes() {
    }

    public static ValueType<Integer> integer(int min, int max) {
        return wholeNumber(min, max, v -> (int) v);
    }

    /** A whole number beyond int's range, e.g. an MQTT Four Byte Integer such as a session expiry interval. */
    public static ValueType<Long> longInteger(long min, long max) {
        return wholeNumber(min, max, v -> v);
    }

    private static <T> ValueType<T> wholeNumber(long min, long max, LongFunction<T> as) {
        return new ValueType<>() {
            @Override
            public T parse(ConfigValue value) throws ValueType.BadValue {
                long v = wholeNumber(value, describe());
                checkRange(v, min, max, String.valueOf(v), min + ".." + max);
                return as.apply(v);
            }

            @Override
            public String describe() {
                return "integer " + min + ".." + max;
            }
        };
    }

    /**
     * A NanoMQ key's whole number: like {@link #integer}, but a number outside min..max (which NanoMQ takes) is
     * clamped into the range with a warning instead of stopping start-up.
     */
    public static ValueType<Integer> clampedInteger(int min, int max) {
        String describe = "integer " + min + ".." + max;
        return new ClampingType<Long, Integer>(describe, min + ".." + max, null, (long) min, (long) max,
                v -> wholeNumber(v, describe), Long::intValue, String::valueOf);
    }

    public static ValueType<Double> decimal(double min, double max) {
        return new ValueType<>() {
            @Override
            public Double parse(ConfigValue value) throws ValueType.BadValue {
                double v = number(value, describe());
                if (!(v >= min && v <= max)) {
                    throw new ValueType.BadValue("out of range: " + v, "allowed range is " + min + ".." + max);
                }
                return v;
            }

            @Override
            public String describe() {
                return "number " + min + ".." + max;
            }
        };
    }

    /** A NanoMQ key's number: like {@link #decimal}, but clamped into min..max with a warning. */
    public static ValueType<Double> clampedDecimal(double min, double max) {
        String describe = "number " + min + ".." + max;
        return new ClampingType<Double, Double>(describe, min + ".." + max, null, min, max, v -> number(v, describe),
                v -> v, String::valueOf);
    }

    private static double number(ConfigValue value, String describe) throws ValueType.BadValue {
        Object raw = value.unwrapped();
        try {
            double v = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(scalarText(value, describe));
            if (Double.isNaN(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ValueType.BadValue("not a number: " + render(value), "expected a " + describe);
        }
    }

    public static ValueType<Boolean> bool() {
        return new ValueType<>() {
            @Override
            public Boolean parse(ConfigValue value) throws ValueType.BadValue {
                if (value.unwrapped() instanceof Boolean b) {
                    return b;
                }
                // The same spellings HOCON itself accepts for booleans.
                switch (scalarText(value, describe()).toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on" -> { return true; }
                    case "false", "no", "off" -> { return false; }
                    default -> throw new ValueType.BadValue("not a boolean: " + render(value), "use true or false");
                }
            }

            @Override
            public String describe() {
                return "boolean";
            }
        };
    }

    /** A non-empty string (empty strings are always a mistake for the keys that use this). */
    public static ValueType<String> text() {
        return new ValueType<>() {
            @Override
            public String parse(ConfigValue value) throws ValueType.BadValue {
                String s = scalarText(value, describe()).trim();
                if (s.isEmpty()) {
                    throw new ValueType.BadValue("must not be empty", "give a value or remove the key to use the default");
                }
                return s;
            }

            @Override
            public String describe() {
                return "string";
            }
        };
    }

    /**
     * A size in bytes: a plain number or a number with B, KB, MB or GB. Units are powers of 1024, as in
     * NanoMQ (HOCON's own getBytes reads "MB" as 10^6, which would surprise a NanoMQ user).
     */
    public static ValueType<Long> size(long min, long max) {
        return new ValueType<>() {
            @Override
            public Long parse(ConfigValue value) throws ValueType.BadValue {
                long bytes = bytes(value, describe(), bytesText(min) + ".." + bytesText(max));
                checkRange(bytes, min, max, render(value) + " (" + bytes + " bytes)", bytesText(min) + ".." + bytesText(max));
                return bytes;
            }

            @Override
            public String describe() {
                return "size " + bytesText(min) + ".." + bytesText(max);
            }
        };
    }

    /**
     * A NanoMQ key's size: like {@link #size}, but a size outside min..max (which NanoMQ takes) is clamped into
     * the range with a warning; {@code maxNote} says what the maximum is (null: WrenMQ's limit).
     */
    public static ValueType<Long> clampedSize(long min, long max, String maxNote) {
        String range = bytesText(min) + ".." + bytesText(max);
        return new ClampingType<Long, Long>("size " + range, range, maxNote, min, max, v -> bytes(v, "size " + range, range),
                v -> v, v -> v + " bytes" + (bytesText(v).equals(v + "B") ? "" : " (" + bytesText(v) + ")"));
    }

    private static long bytes(ConfigValue value, String describe, String range) throws ValueType.BadValue {
        String s = scalarText(value, describe).trim().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw new ValueType.BadValue("not a size: " + render(value), "write a number with an optional unit, e.g. \"10MB\", \"512KB\" or 4096");
        }
        long multiplier = switch (m.group(2)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1024L;
            case "m", "mb", "mib" -> 1024L * 1024;
            case "g", "gb", "gib" -> 1024L * 1024 * 1024;
            default -> throw new ValueType.BadValue("unknown size unit '" + m.group(2) + "' in " + render(value), "units are B, KB, MB, GB (powers of 1024)");
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ValueType.BadValue("size too large: " + render(value), "allowed range is " + range);
        }
    }

    /**
     * A duration: a number with ms, s, m, h or d. A bare number other than 0 is refused, because HOCON
     * reads it as milliseconds and NanoMQ files usually mean seconds; guessing either way is worse.
     */
    public static ValueType<Duration> duration(Duration min, Duration max) {
        return new ValueType<>() {
            @Override
            public Duration parse(ConfigValue value) throws ValueType.BadValue {
                Duration d = time(value, describe(), text(min) + ".." + text(max));
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                    throw new ValueType.BadValue("out of range: " + render(value), "allowed range is " + text(min) + ".." + text(max));
                }
                return d;
            }

            @Override
            public String describe() {
                return "duration " + text(min) + ".." + text(max);
            }
        };
    }

    /** A NanoMQ key's duration: like {@link #duration}, but clamped into min..max with a warning. */
    public static ValueType<Duration> clampedDuration(Duration min, Duration max) {
        String range = text(min) + ".." + text(max);
        return new ClampingType<Duration, Duration>("duration " + range, range, null, min, max,
                v -> time(v, "duration " + range, range), v -> v, ValueTypes::text);
    }

    /**
     * A NanoMQ key that NanoMQ writes as plain milliseconds ({@code resend_interval = 5000}): a bare number is
     * milliseconds, a number with a unit a duration ("5s"); clamped into min..max with a warning.
     */
    public static ValueType<Duration> clampedMillis(Duration min, Duration max) {
        String range = text(min) + ".." + text(max);
        String describe = "duration " + range + " (a bare number is milliseconds)";
        return new ClampingType<Duration, Duration>(describe, range, null, min, max, v -> {
            boolean bare = v.unwrapped() instanceof Number || scalarText(v, describe).trim().matches("\\d+");
            return bare ? Duration.ofMillis(wholeNumber(v, describe)) : time(v, describe, range);
        }, v -> v, ValueTypes::text);
    }

    private static Duration time(ConfigValue value, String describe, String range) throws ValueType.BadValue {
        String s = scalarText(value, describe).trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new ValueType.BadValue("not a duration: " + render(value), "write a number with a unit, e.g. \"10s\", \"500ms\", \"5m\", \"1h\"");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new ValueType.BadValue("duration too long: " + render(value), "allowed range is " + range);
        }
        try {
            return switch (m.group(2)) {
                case "" -> {
                    if (n != 0) {
                        throw new ValueType.BadValue("duration without a unit: " + render(value), "add a unit, e.g. \"" + n + "s\"; units are ms, s, m, h, d");
                    }
                    yield Duration.ZERO;
                }
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new ValueType.BadValue("unknown duration unit '" + m.group(2) + "' in " + render(value), "units are ms, s, m, h, d");
            };
        } catch (ArithmeticException e) {
            throw new ValueType.BadValue("duration too long: " + render(value), "allowed range is " + range);
        }
    }

    /** One of a fixed set of lower-case words, each mapped to a value. */
    public static <T> ValueType<T> oneOf(Map<String, T> choices) {
        Map<String, T> copy = new LinkedHashMap<>(choices);
        return new ValueType<>() {
            @Override
            public T parse(ConfigValue value) throws ValueType.BadValue {
                String s = scalarText(value, describe()).trim().toLowerCase(Locale.ROOT);
                T v = copy.get(s);
                if (v == null) {
                    throw new ValueType.BadValue("unknown value " + render(value), "allowed values are " + String.join(", ", copy.keySet()));
                }
                return v;
            }

            @Override
            public String describe() {
                return String.join(" | ", copy.keySet());
            }
        };
    }

    /**
     * A list of words from a fixed set, written as a HOCON list or (for environment overrides) as
     * comma-separated text: "file,console".
     */
    public static <T> ValueType<List<T>> listOf(Map<String, T> choices) {
        ValueType<T> element = oneOf(choices);
        return new ValueType<>() {
            @Override
            public List<T> parse(ConfigValue value) throws ValueType.BadValue {
                List<T> out = new ArrayList<>();
                if (value.valueType() == ConfigValueType.LIST) {
                    for (ConfigValue item : (Iterable<ConfigValue>) ((ConfigList) value)) {
                        out.add(element.parse(item));
                    }
                } else {
                    String s = scalarText(value, describe()).trim();
                    s = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
                    for (String part : s.split(",")) {
                        if (!part.isBlank()) {
                            out.add(element.parse(ConfigValueFactory.fromAnyRef(part.trim(), "")));
                        }
                    }
                }
                return List.copyOf(out);
            }

            @Override
            public String describe() {
                return "list of " + element.describe();
            }
        };
    }

    /** Accepts anything: NanoMQ keys that mean nothing in WrenMQ (the loader logs that it ignored them). */
    public static ValueType<Object> ignored() {
        return new ValueType<>() {
            @Override
            public Object parse(ConfigValue value) {
                return value.unwrapped();
            }

            @Override
            public String describe() {
                return "ignored";
            }
        };
    }

    static String scalarText(ConfigValue value, String expected) throws ValueType.BadValue {
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST
                || value.valueType() == ConfigValueType.NULL) {
            throw new ValueType.BadValue("wrong type: found " + value.valueType().name().toLowerCase(Locale.ROOT),
                    "expected a " + expected);
        }
        return String.valueOf(value.unwrapped());
    }

    private static long wholeNumber(ConfigValue value, String expected) throws ValueType.BadValue {
        Object raw = value.unwrapped();
        if (raw instanceof Integer || raw instanceof Long) {
            return ((Number) raw).longValue();
        }
        String s = scalarText(value, expected).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ValueType.BadValue("not a whole number: " + render(value), "expected an " + expected);
        }
    }

    private static void checkRange(long v, long min, long max, String shown, String range) throws ValueType.BadValue {
        if (v < min || v > max) {
            throw new ValueType.BadValue("out of range: " + shown, "allowed range is " + range);
        }
    }

    static String render(ConfigValue value) {
        return value.render(ConfigRenderOptions.concise());
    }

    static String bytesText(long bytes) {
        if (bytes >= 1024L * 1024 * 1024 && bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + "GB";
        }
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + "KB";
        }
        return bytes + "B";
    }

    static String text(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}

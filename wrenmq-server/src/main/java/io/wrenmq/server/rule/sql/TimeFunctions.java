package io.wrenmq.server.rule.sql;

import static io.wrenmq.server.rule.sql.FunctionSpec.impure;
import static io.wrenmq.server.rule.sql.FunctionSpec.pure;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Time functions with EMQX's names and arguments. A time unit is 'second' (the default), 'millisecond',
 * 'microsecond' or 'nanosecond'. RFC 3339 text is written in the broker's local offset (as EMQX does) with as many
 * fraction digits as the unit has; {@code format_date} takes EMQX's placeholders ({@code %Y %m %d %H %M %S %N %3N
 * %6N %z %:z %::z}) and an offset ('z', 'local', '+08:00', '+0800' or seconds).
 */
final class TimeFunctions {
    private static final Modes UNIT_FIRST = Modes.of(0, "time unit", "second", "millisecond", "microsecond",
            "nanosecond");
    private static final Modes UNIT_SECOND = new Modes(1, UNIT_FIRST.allowed(), "time unit");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final Pattern COMPACT_OFFSET = Pattern.compile("[+-]\\d{4}");
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000};
    private static final Pattern OFFSET = Pattern.compile("[+-]\\d{2}:\\d{2}(:\\d{2})?");

    private TimeFunctions() {
    }

    static void register(Consumer<FunctionSpec> add) {
        add.accept(impure("now_timestamp", 0, 1, a -> since(a, Instant.now(), unit(UNIT_FIRST, a))).checking(UNIT_FIRST));
        add.accept(impure("now_rfc3339", 0, 1, a -> rfc3339(Instant.now(), unit(UNIT_FIRST, a))).checking(UNIT_FIRST));
        add.accept(pure("unix_ts_to_rfc3339", 1, 2,
                a -> rfc3339(instant(a, a.integer(0), unit(UNIT_SECOND, a)), unit(UNIT_SECOND, a)))
                .checking(UNIT_SECOND));
        add.accept(pure("rfc3339_to_unix_ts", 1, 2, TimeFunctions::fromRfc3339).checking(UNIT_SECOND));
        add.accept(impure("format_date", 3, 4, TimeFunctions::formatDate).checking(UNIT_FIRST));
    }

    private static String unit(Modes modes, Arguments a) {
        return modes.read(a, "second");
    }

    /** How many digits of a second the unit has (second 0, millisecond 3, ...). */
    private static int digits(String unit) {
        return switch (unit) {
            case "millisecond" -> 3;
            case "microsecond" -> 6;
            case "nanosecond" -> 9;
            default -> 0;
        };
    }

    /** {@code value} in decimal, zero-padded to {@code width} digits (a sign first when negative). */
    private static String zeros(long value, int width) {
        String digits = Long.toString(Math.abs(value));
        String padded = digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
        return value < 0 ? "-" + padded : padded;
    }

    private static Instant instant(Arguments a, long value, String unit) {
        try {
            return switch (unit) {
                case "millisecond" -> Instant.ofEpochMilli(value);
                case "microsecond" -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                        Math.floorMod(value, 1_000_000L) * 1000);
                case "nanosecond" -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                        Math.floorMod(value, 1_000_000_000L));
                default -> Instant.ofEpochSecond(value);
            };
        } catch (DateTimeException e) {
            throw a.fail("timestamp " + value + " is out of range");
        }
    }

    private static long since(Arguments a, Instant t, String unit) {
        try {
            long seconds = t.getEpochSecond();
            long scale = POWERS_OF_TEN[digits(unit)];
            return Math.addExact(Math.multiplyExact(seconds, scale), t.getNano() / (1_000_000_000L / scale));
        } catch (ArithmeticException e) {
            throw a.fail("the time does not fit in a 64-bit integer of " + unit + "s");
        }
    }

    private static String rfc3339(Instant t, String unit) {
        OffsetDateTime local = t.atOffset(ZoneId.systemDefault().getRules().getOffset(t));
        StringBuilder sb = new StringBuilder(SECONDS.format(local));
        int digits = digits(unit);
        if (digits > 0) {
            sb.append('.').append(zeros(t.getNano(), 9), 0, digits);
        }
        return sb.append(offset(local.getOffset(), ":", false)).toString();
    }

    private static Object fromRfc3339(Arguments a) {
        try {
            Instant t = OffsetDateTime.parse(a.string(0), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return since(a, t, unit(UNIT_SECOND, a));
        } catch (DateTimeException e) {
            throw a.fail("not an RFC 3339 time: '" + a.string(0) + "'");
        }
    }

    /** format_date(unit, offset, format[, timestamp]): the timestamp (default now) written with the placeholders. */
    private static Object formatDate(Arguments a) {
        String unit = unit(UNIT_FIRST, a);
        Instant t = a.size() > 3 ? instant(a, a.integer(3), unit) : Instant.now();
        OffsetDateTime time = t.atOffset(zone(a, t));
        String format = a.string(2);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            String rest = format.substring(i + 1);
            String token = rest.startsWith("::z") ? "::z" : rest.startsWith(":z") ? ":z"
                    : rest.startsWith("3N") ? "3N" : rest.startsWith("6N") ? "6N" : rest.substring(0, 1);
            String value = placeholder(token, time);
            if (value == null) {
                out.append(c);
            } else {
                out.append(value);
                i += token.length();
            }
        }
        return out.toString();
    }

    private static String placeholder(String token, OffsetDateTime t) {
        return switch (token) {
            case "Y" -> zeros(t.getYear(), 4);
            case "m" -> zeros(t.getMonthValue(), 2);
            case "d" -> zeros(t.getDayOfMonth(), 2);
            case "H" -> zeros(t.getHour(), 2);
            case "M" -> zeros(t.getMinute(), 2);
            case "S" -> zeros(t.getSecond(), 2);
            case "N" -> zeros(t.getNano(), 9);
            case "3N" -> zeros(t.getNano() / 1_000_000, 3);
            case "6N" -> zeros(t.getNano() / 1_000, 6);
            case "z" -> offset(t.getOffset(), "", false);
            case ":z" -> offset(t.getOffset(), ":", false);
            case "::z" -> offset(t.getOffset(), ":", true);
            case "%" -> "%";
            default -> null;
        };
    }

    /** +HHMM, +HH:MM or +HH:MM:SS. */
    private static String offset(ZoneOffset o, String separator, boolean seconds) {
        int total = o.getTotalSeconds();
        int abs = Math.abs(total);
        String s = (total < 0 ? "-" : "+") + zeros(abs / 3600, 2) + separator + zeros(abs / 60 % 60, 2);
        return seconds ? s + separator + zeros(abs % 60, 2) : s;
    }

    /** format_date's offset: 'z'/'Z' (UTC), 'local', '+08:00', '+0800', '+08:00:00', or an integer of seconds. */
    private static ZoneOffset zone(Arguments a, Instant t) {
        Object v = a.value(1);
        try {
            if (v instanceof Long seconds) {
                return ZoneOffset.ofTotalSeconds(Math.toIntExact(seconds));
            }
            String s = a.string(1);
            if (s.equalsIgnoreCase("z")) {
                return ZoneOffset.UTC;
            }
            if (s.equals("local")) {
                return ZoneId.systemDefault().getRules().getOffset(t);
            }
            if (COMPACT_OFFSET.matcher(s).matches()) {
                s = s.substring(0, 3) + ":" + s.substring(3);
            }
            if (OFFSET.matcher(s).matches()) {
                return ZoneOffset.of(s);
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw a.fail("offset " + Values.describe(v) + " is out of range");
        }
        throw a.fail("unknown offset " + Values.describe(v) + " (expected 'z', 'local', '+08:00', '+0800' or seconds)");
    }
}

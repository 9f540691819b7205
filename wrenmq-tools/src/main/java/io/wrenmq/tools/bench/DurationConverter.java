package io.wrenmq.tools.bench;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "10s", "500ms", "2m", "1h", "1.5s", a plain number (seconds), or "forever" (100 years). */
final class DurationConverter implements ITypeConverter<Duration> {
    static final Duration FOREVER = Duration.ofDays(36_500);

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("forever") || v.equals("inf")) {
            return FOREVER;
        }
        long unitNanos;
        String number;
        if (v.endsWith("ms")) {
            unitNanos = 1_000_000L;
            number = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            unitNanos = 1_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unitNanos = 60_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unitNanos = 3_600_000_000_000L;
            number = v.substring(0, v.length() - 1);
        } else {
            unitNanos = 1_000_000_000L;
            number = v;
        }
        try {
            double amount = Double.parseDouble(number);
            if (amount < 0 || Double.isNaN(amount) || amount * unitNanos > 1e18) {
                throw new TypeConversionException("'" + value + "' is not a duration in range (e.g. 10s, 500ms, 2m)");
            }
            return Duration.ofNanos(Math.round(amount * unitNanos));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 10s, 500ms, 2m, 1h)");
        }
    }
}

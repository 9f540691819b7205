package io.wrenmq.server.config;

import com.typesafe.config.ConfigValue;
import java.util.List;

/**
 * The value type of a key NanoMQ also has, where NanoMQ takes values WrenMQ cannot use (260MB for
 * mqtt.max_packet_size, above the MQTT maximum): such a value is not an error that stops start-up (a NanoMQ
 * file must start unchanged) but is clamped into WrenMQ's range, with a warning that names the value used.
 * A value of the wrong type (not a number, an unknown unit) is still an error.
 *
 * @param <W> the value as written, before clamping
 * @param <T> the value used
 */
abstract class ClampingType<W, T> implements ValueType<T> {
    private final String describe;
    private final String range;
    private final String maxNote;

    /**
     * @param range   the allowed range as shown to users, e.g. "16B..268435460B"
     * @param maxNote what the upper limit is, shown when a value is clamped down to it (null: WrenMQ's limit)
     */
    ClampingType(String describe, String range, String maxNote) {
        this.describe = describe;
        this.range = range;
        this.maxNote = maxNote;
    }

    /** Parses without the range check; wrong types throw. */
    abstract W wide(ConfigValue value) throws BadValue;

    /** Below the range (negative), inside it (0) or above it (positive). */
    abstract int side(W value);

    /** The value itself when inside the range, else the nearest limit. */
    abstract T narrow(W value);

    /** How a used value is shown in the warning. */
    abstract String show(T value);

    @Override
    public final T parse(ConfigValue value) throws BadValue {
        return read(value).value();
    }

    @Override
    public final Parsed<T> read(ConfigValue value) throws BadValue {
        W written = wide(value);
        T used = narrow(written);
        int side = side(written);
        if (side == 0) {
            return new Parsed<>(used, List.of());
        }
        String why = side > 0 && maxNote != null ? maxNote : "allowed range is " + range;
        return new Parsed<>(used, List.of(new Warning(null, "", ValueTypes.render(value) + " is outside what WrenMQ can use;"
                + " using " + show(used) + " (" + why + ")")));
    }

    @Override
    public String describe() {
        return describe;
    }
}

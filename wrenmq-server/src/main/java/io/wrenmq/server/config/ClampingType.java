package io.wrenmq.server.config;

import com.typesafe.config.ConfigValue;
import java.util.List;
import java.util.function.Function;

/**
 * The value type of a key NanoMQ also has, where NanoMQ takes values WrenMQ cannot use (260MB for
 * mqtt.max_packet_size, above the MQTT maximum): such a value is not an error that stops start-up (a NanoMQ
 * file must start unchanged) but is clamped into WrenMQ's range, with a warning that names the value used.
 * A value of the wrong type (not a number, an unknown unit) is still an error.
 *
 * @param <W> the value as written, before clamping (comparable to the limits)
 * @param <T> the value used
 */
final class ClampingType<W extends Comparable<W>, T> implements ValueType<T> {
    /** Reads the written value without a range check; a wrong type throws. */
    @FunctionalInterface
    interface Reader<W> {
        W read(ConfigValue value) throws BadValue;
    }

    private final String describe;
    private final String range;
    private final String maxNote;
    private final W min;
    private final W max;
    private final Reader<W> reader;
    private final Function<W, T> use;
    private final Function<T, String> show;

    /**
     * @param range   the allowed range as shown to users, e.g. "16B..268435460B"
     * @param maxNote what the upper limit is, shown when a value is clamped down to it (null: "allowed range is ...")
     * @param use     the written value (inside the range) as the value used
     * @param show    how a used value is shown in the warning
     */
    ClampingType(String describe, String range, String maxNote, W min, W max, Reader<W> reader, Function<W, T> use,
            Function<T, String> show) {
        this.describe = describe;
        this.range = range;
        this.maxNote = maxNote;
        this.min = min;
        this.max = max;
        this.reader = reader;
        this.use = use;
        this.show = show;
    }

    @Override
    public T parse(ConfigValue value) throws BadValue {
        return read(value).value();
    }

    @Override
    public Parsed<T> read(ConfigValue value) throws BadValue {
        W written = reader.read(value);
        if (written.compareTo(min) >= 0 && written.compareTo(max) <= 0) {
            return new Parsed<>(use.apply(written), List.of());
        }
        boolean above = written.compareTo(max) > 0;
        T used = use.apply(above ? max : min);
        String why = above && maxNote != null ? maxNote : "allowed range is " + range;
        return new Parsed<>(used, List.of(new Warning(null, "", ValueTypes.render(value) + " is outside what WrenMQ can use;"
                + " using " + show.apply(used) + " (" + why + ")")));
    }

    @Override
    public String describe() {
        return describe;
    }
}

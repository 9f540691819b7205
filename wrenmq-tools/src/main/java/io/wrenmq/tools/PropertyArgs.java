package io.wrenmq.tools;

import io.wrenmq.codec.Properties;
import io.wrenmq.codec.PropertyContext;
import io.wrenmq.codec.PropertyId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Stack;
import java.util.stream.Collectors;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The MQTT 5 properties given with {@code -D/--property}, in both forms users bring along:
 * mosquitto's {@code -D COMMAND PROPERTY VALUE} ({@code -D publish user-property KEY VALUE}, {@code -D connect
 * session-expiry-interval 60}) and the short {@code -D KEY=VALUE}, a user property of the command's own packet
 * (PUBLISH for pub, SUBSCRIBE for sub). The number of words a value takes depends on the property, which is why
 * a picocli parameter consumer reads them rather than a fixed arity.
 */
final class PropertyArgs {
    /** mosquitto's command names; AUTH is not offered because the client does not do enhanced authentication. */
    enum Packet {
        CONNECT(PropertyContext.CONNECT), PUBLISH(PropertyContext.PUBLISH), SUBSCRIBE(PropertyContext.SUBSCRIBE),
        UNSUBSCRIBE(PropertyContext.UNSUBSCRIBE), DISCONNECT(PropertyContext.DISCONNECT), WILL(PropertyContext.WILL);

        final PropertyContext context;

        Packet(PropertyContext context) {
            this.context = context;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Packet of(String word) {
            for (Packet p : values()) {
                if (p.label().equals(word)) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * One parsed property. {@code packet} is null for the short form (resolved by the command). {@code value}
     * holds the number for integer properties, else {@code text}; {@code key} is set for user properties only.
     */
    record Arg(Packet packet, PropertyId id, String key, String text, long value) {
    }

    /**
     * Properties the client sets itself (topic alias, subscription identifier on PUBLISH) or that the server
     * sends: rejected with a clear word rather than silently dropped.
     */
    private static final Set<PropertyId> NOT_SETTABLE = EnumSet.of(PropertyId.TOPIC_ALIAS,
            PropertyId.AUTHENTICATION_METHOD, PropertyId.AUTHENTICATION_DATA,
            PropertyId.REQUEST_PROBLEM_INFORMATION, PropertyId.REQUEST_RESPONSE_INFORMATION);

    private PropertyArgs() {
    }

    /** The picocli consumer behind {@code -D}: appends one {@link Arg} to the option's list. */
    static final class Consumer implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec spec) {
            List<Arg> list = argSpec.getValue();
            list.add(parse(args, spec));
        }
    }

    static Arg parse(Stack<String> args, CommandSpec spec) {
        String first = next(args, spec, "a value (KEY=VALUE, or COMMAND PROPERTY VALUE)");
        Packet packet = Packet.of(first);
        if (packet == null) {
            int eq = first.indexOf('=');
            if (eq <= 0) {
                throw usage(spec, "-D expects KEY=VALUE or COMMAND PROPERTY VALUE (COMMAND one of "
                        + commandNames() + "), not '" + first + "'");
            }
            return new Arg(null, PropertyId.USER_PROPERTY, first.substring(0, eq), first.substring(eq + 1), 0);
        }
        String name = next(args, spec, "a property name after '-D " + first + "'");
        PropertyId id = byName(name);
        if (id == null) {
            throw usage(spec, "Unknown MQTT 5 property '" + name + "' (e.g. user-property, content-type, "
                    + "message-expiry-interval, response-topic, correlation-data, payload-format-indicator, "
                    + "session-expiry-interval, subscription-identifier)");
        }
        if (!id.allowedIn(packet.context) || NOT_SETTABLE.contains(id)
                || (packet == Packet.PUBLISH && id == PropertyId.SUBSCRIPTION_IDENTIFIER)) {
            throw usage(spec, "Property '" + name + "' cannot be set on " + packet.label() + " here");
        }
        if (id == PropertyId.USER_PROPERTY) {
            String key = next(args, spec, "a key after '-D " + first + " user-property'");
            String value = next(args, spec, "a value after '-D " + first + " user-property " + key + "'");
            return new Arg(packet, id, key, value, 0);
        }
        String text = next(args, spec, "a value after '-D " + first + " " + name + "'");
        return new Arg(packet, id, null, text, number(id, text, spec));
    }

    /** The properties of one packet, the short-form user properties included when it is {@code own}. */
    static Properties properties(List<Arg> args, Packet packet, Packet own) {
        Properties.Builder b = Properties.builder();
        for (Arg a : args) {
            if (a.packet() != packet && !(a.packet() == null && packet == own)) {
                continue;
            }
            switch (a.id().type()) {
                case UTF8_STRING_PAIR -> b.addUserProperty(a.key(), a.text());
                case UTF8_STRING -> b.putString(a.id(), a.text());
                case BINARY_DATA -> b.putBinary(a.id(), a.text().getBytes(StandardCharsets.UTF_8));
                default -> {
                    if (a.id() == PropertyId.SUBSCRIPTION_IDENTIFIER) {
                        b.addSubscriptionIdentifier((int) a.value());
                    } else {
                        b.put(a.id(), a.value());
                    }
                }
            }
        }
        return b.build();
    }

    /** Fails unless every property goes into one of the packets this command sends. */
    static void checkPackets(List<Arg> args, CommandSpec spec, Packet... allowed) {
        List<Packet> ok = Arrays.asList(allowed);
        for (Arg a : args) {
            if (a.packet() != null && !ok.contains(a.packet())) {
                throw usage(spec, "-D " + a.packet().label() + ": `" + spec.name() + "` sends no such packet (use "
                        + ok.stream().map(Packet::label).collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    /** "content-type" for CONTENT_TYPE: mosquitto's spelling of the spec's names. */
    static String nameOf(PropertyId id) {
        return id.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static PropertyId byName(String name) {
        for (PropertyId id : PropertyId.values()) {
            if (nameOf(id).equals(name.toLowerCase(Locale.ROOT))) {
                return id;
            }
        }
        return null;
    }

    private static long number(PropertyId id, String text, CommandSpec spec) {
        long max = switch (id.type()) {
            case BYTE -> 1; // payload-format-indicator: 0 bytes, 1 UTF-8 (the only byte property left here)
            case TWO_BYTE_INTEGER -> 65535;
            case FOUR_BYTE_INTEGER -> 0xFFFFFFFFL;
            case VARIABLE_BYTE_INTEGER -> 268_435_455;
            default -> -1;
        };
        if (max < 0) {
            return 0;
        }
        long min = id == PropertyId.SUBSCRIPTION_IDENTIFIER || id == PropertyId.RECEIVE_MAXIMUM
                || id == PropertyId.MAXIMUM_PACKET_SIZE ? 1 : 0;
        try {
            long v = Long.parseLong(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw usage(spec, "Property '" + nameOf(id) + "' needs a number " + min + ".." + max + ", not '" + text + "'");
    }

    private static String next(Stack<String> args, CommandSpec spec, String what) {
        if (args.isEmpty()) {
            throw usage(spec, "-D/--property is missing " + what);
        }
        return args.pop();
    }

    private static String commandNames() {
        List<String> names = new ArrayList<>();
        for (Packet p : Packet.values()) {
            names.add(p.label());
        }
        return String.join(", ", names);
    }

    private static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

package io.wrenmq.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable MQTT 5 property list. Numeric properties are held as {@code long} (Four Byte Integers are
 * unsigned), strings as {@link String}, binary data as {@code byte[]} (never shared: the accessor returns
 * the stored array, so callers must not modify it). User Properties and the repeatable Subscription
 * Identifier keep their order. For MQTT 3.x packets the list is always {@link #EMPTY}.
 */
public final class Properties {
    public static final Properties EMPTY = new Properties(0L, new Object[0], List.of(), new int[0]);

    private final long presentMask;
    private final Object[] values; // indexed by property id; Long, String or byte[]
    private final List<UserProperty> userProperties;
    private final int[] subscriptionIdentifiers;

    private Properties(long presentMask, Object[] values, List<UserProperty> userProperties,
            int[] subscriptionIdentifiers) {
        this.presentMask = presentMask;
        this.values = values;
        this.userProperties = userProperties;
        this.subscriptionIdentifiers = subscriptionIdentifiers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with this list's contents. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.presentMask = presentMask;
        b.values = values.length == 0 ? null : values.clone();
        b.userProperties = userProperties.isEmpty() ? null : new ArrayList<>(userProperties);
        for (int id : subscriptionIdentifiers) {
            b.addSubscriptionIdentifier(id);
        }
        return b;
    }

    public boolean isEmpty() {
        return presentMask == 0 && userProperties.isEmpty() && subscriptionIdentifiers.length == 0;
    }

    /** Whether a single-valued property is present (use the list accessors for the repeatable ones). */
    public boolean has(PropertyId id) {
        return (presentMask & (1L << id.id())) != 0;
    }

    /** A numeric property, or {@code absent} when it is not present. */
    public long getLong(PropertyId id, long absent) {
        return has(id) ? (Long) values[id.id()] : absent;
    }

    /** A numeric property as int, or {@code absent} when it is not present. */
    public int getInt(PropertyId id, int absent) {
        return has(id) ? ((Long) values[id.id()]).intValue() : absent;
    }

    /** A UTF-8 string property, or null. */
    public String getString(PropertyId id) {
        return has(id) ? (String) values[id.id()] : null;
    }

    /** A binary property, or null. The array is shared: do not modify it. */
    public byte[] getBinary(PropertyId id) {
        return has(id) ? (byte[]) values[id.id()] : null;
    }

    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** The Subscription Identifiers in the order they were added (a copy). */
    public int[] subscriptionIdentifiers() {
        return subscriptionIdentifiers.clone();
    }

    /** The Subscription Identifier at {@code index} (no copy, for the encoder). */
    public int subscriptionIdentifier(int index) {
        if (index < 0 || index >= subscriptionIdentifiers.length) {
            throw new IndexOutOfBoundsException(index);
        }
        return subscriptionIdentifiers[index];
    }

    public int subscriptionIdentifierCount() {
        return subscriptionIdentifiers.length;
    }

    /** The single-valued properties present, in identifier order. */
    public List<PropertyId> presentIds() {
        List<PropertyId> ids = new ArrayList<>();
        for (PropertyId p : PropertyId.values()) {
            if (has(p)) {
                ids.add(p);
            }
        }
        return ids;
    }

    /** A copy without the given single-valued property. */
    public Properties without(PropertyId id) {
        if (!has(id)) {
            return this;
        }
        Builder b = toBuilder();
        b.remove(id);
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Properties)) {
            return false;
        }
        Properties other = (Properties) o;
        if (presentMask != other.presentMask || !userProperties.equals(other.userProperties)
                || !Arrays.equals(subscriptionIdentifiers, other.subscriptionIdentifiers)) {
            return false;
        }
        for (PropertyId p : PropertyId.values()) {
            if (has(p) && !Objects.deepEquals(values[p.id()], other.values[p.id()])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(presentMask) * 31 + userProperties.hashCode();
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder("{");
        for (PropertyId p : presentIds()) {
            Object v = values[p.id()];
            sb.append(p).append('=').append(v instanceof byte[] ? ((byte[]) v).length + " bytes" : v).append(", ");
        }
        for (int s : subscriptionIdentifiers) {
            sb.append("SUBSCRIPTION_IDENTIFIER=").append(s).append(", ");
        }
        for (UserProperty u : userProperties) {
            sb.append(u.name()).append(':').append(u.value()).append(", ");
        }
        sb.setLength(sb.length() - 2);
        return sb.append('}').toString();
    }

    /** Builds a {@link Properties}; not thread-safe. */
    public static final class Builder {
        private long presentMask;
        private Object[] values;
        private List<UserProperty> userProperties;
        private int[] subscriptionIdentifiers;
        private int subscriptionIdentifierCount;

        private Builder() {
        }

        public boolean has(PropertyId id) {
            return (presentMask & (1L << id.id())) != 0;
        }

        /** Sets a numeric property (Byte, Two/Four Byte Integer). Use {@link #addSubscriptionIdentifier} for that one. */
        public Builder put(PropertyId id, long value) {
            PropertyType t = id.type();
            if (t == PropertyType.UTF8_STRING || t == PropertyType.BINARY_DATA || t == PropertyType.UTF8_STRING_PAIR) {
                throw new IllegalArgumentException(id + " is not numeric");
            }
            if (id == PropertyId.SUBSCRIPTION_IDENTIFIER) {
                return addSubscriptionIdentifier((int) value);
            }
            return set(id, value);
        }

        public Builder putString(PropertyId id, String value) {
            if (id.type() != PropertyType.UTF8_STRING) {
                throw new IllegalArgumentException(id + " is not a UTF-8 string");
            }
            return set(id, Objects.requireNonNull(value));
        }

        public Builder putBinary(PropertyId id, byte[] value) {
            if (id.type() != PropertyType.BINARY_DATA) {
                throw new IllegalArgumentException(id + " is not binary data");
            }
            return set(id, Objects.requireNonNull(value));
        }

        public Builder remove(PropertyId id) {
            presentMask &= ~(1L << id.id());
            if (values != null) {
                values[id.id()] = null;
            }
            return this;
        }

        public Builder addUserProperty(String name, String value) {
            return addUserProperty(new UserProperty(name, value));
        }

        public Builder addUserProperty(UserProperty property) {
            if (userProperties == null) {
                userProperties = new ArrayList<>(4);
            }
            userProperties.add(property);
            return this;
        }

        public Builder addUserProperties(List<UserProperty> properties) {
            for (UserProperty p : properties) {
                addUserProperty(p);
            }
            return this;
        }

        public Builder addSubscriptionIdentifier(int identifier) {
            if (subscriptionIdentifiers == null) {
                subscriptionIdentifiers = new int[2];
            } else if (subscriptionIdentifierCount == subscriptionIdentifiers.length) {
                subscriptionIdentifiers = Arrays.copyOf(subscriptionIdentifiers, subscriptionIdentifierCount * 2);
            }
            subscriptionIdentifiers[subscriptionIdentifierCount++] = identifier;
            return this;
        }

        public Builder clearSubscriptionIdentifiers() {
            subscriptionIdentifierCount = 0;
            return this;
        }

        private Builder set(PropertyId id, Object value) {
            if (values == null) {
                values = new Object[PropertyId.MAX_ID + 1];
            }
            values[id.id()] = value;
            presentMask |= 1L << id.id();
            return this;
        }

        public Properties build() {
            boolean noUser = userProperties == null || userProperties.isEmpty();
            if (presentMask == 0 && noUser && subscriptionIdentifierCount == 0) {
                return EMPTY;
            }
            return new Properties(presentMask, values == null ? new Object[0] : values.clone(),
                    noUser ? List.of() : Collections.unmodifiableList(new ArrayList<>(userProperties)),
                    subscriptionIdentifierCount == 0 ? new int[0]
                            : Arrays.copyOf(subscriptionIdentifiers, subscriptionIdentifierCount));
        }
    }
}

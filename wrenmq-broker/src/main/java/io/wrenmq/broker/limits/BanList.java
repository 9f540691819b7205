package io.wrenmq.broker.limits;

import io.wrenmq.broker.net.IpRange;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Banned client ids, usernames and IP addresses / CIDR ranges, each with an optional expiry. Thread-safe: read
 * at accept and at CONNECT on every event loop, changed by config, flapping detection and the runtime API (the
 * REST {@code /banned} endpoint). Lookups are hash lookups; only CIDR ranges are scanned (there are few).
 * Expired entries are dropped when met and by {@link #purgeExpired()}.
 */
public final class BanList {
    private final Map<String, BanRule> clientIds = new ConcurrentHashMap<>();
    private final Map<String, BanRule> usernames = new ConcurrentHashMap<>();
    private final Map<String, BanRule> addresses = new ConcurrentHashMap<>();
    private final List<Range> ranges = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;
    private volatile Consumer<BanRule> onAdd = rule -> { };

    private record Range(IpRange range, BanRule rule) {
    }

    public BanList() {
        this(System::currentTimeMillis);
    }

    BanList(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /**
     * Called with every rule added from now on, on the adding thread: the broker uses it to close the connections
     * the new rule bans (a ban must not wait for the banned client to reconnect).
     */
    public void onAdd(Consumer<BanRule> listener) {
        this.onAdd = Objects.requireNonNull(listener, "listener");
    }

    /** Adds a rule, replacing one for the same client id, username or address/range. */
    public void add(BanRule rule) {
        store(rule);
        if (!rule.isExpired(clock.getAsLong())) {
            onAdd.accept(rule);
        }
    }

    private void store(BanRule rule) {
        switch (rule.kind()) {
            case CLIENTID -> clientIds.put(rule.value(), rule);
            case USERNAME -> usernames.put(rule.value(), rule);
            case IPADDR -> {
                IpRange r = IpRange.parse(rule.value());
                if (r.isSingleAddress()) {
                    addresses.put(r.toString(), rule);
                } else {
                    ranges.removeIf(x -> x.range().equals(r));
                    ranges.add(new Range(r, rule));
                }
            }
        }
    }

    /** Removes the rule for this client id, username or address/range; true when there was one. */
    public boolean remove(BanRule.Kind kind, String value) {
        return switch (kind) {
            case CLIENTID -> clientIds.remove(value) != null;
            case USERNAME -> usernames.remove(value) != null;
            case IPADDR -> {
                IpRange r = IpRange.parse(value);
                yield r.isSingleAddress() ? addresses.remove(r.toString()) != null
                        : ranges.removeIf(x -> x.range().equals(r));
            }
        };
    }

    /** Every rule still in force, client ids first, then usernames, then addresses. */
    public List<BanRule> list() {
        purgeExpired();
        List<BanRule> out = new ArrayList<>();
        out.addAll(sorted(clientIds.values()));
        out.addAll(sorted(usernames.values()));
        out.addAll(sorted(addresses.values()));
        for (Range r : ranges) {
            out.add(r.rule());
        }
        return Collections.unmodifiableList(out);
    }

    private static List<BanRule> sorted(Collection<BanRule> rules) {
        List<BanRule> l = new ArrayList<>(rules);
        l.sort(Comparator.comparing(BanRule::value));
        return l;
    }

    public boolean isEmpty() {
        return clientIds.isEmpty() && usernames.isEmpty() && addresses.isEmpty() && ranges.isEmpty();
    }

    /** The rule banning this address (exactly or by range), or null. */
    public BanRule matchAddress(InetAddress address) {
        if (address == null || (addresses.isEmpty() && ranges.isEmpty())) {
            return null;
        }
        long now = clock.getAsLong();
        BanRule exact = live(addresses, IpRange.key(address), now);
        if (exact != null) {
            return exact;
        }
        for (Range r : ranges) {
            if (r.range().contains(address)) {
                if (!r.rule().isExpired(now)) {
                    return r.rule();
                }
                ranges.remove(r);
            }
        }
        return null;
    }

    /** The rule banning this client id or (when not null) username, or null. */
    public BanRule matchClient(String clientId, String username) {
        long now = clock.getAsLong();
        BanRule r = clientId == null || clientId.isEmpty() ? null : live(clientIds, clientId, now);
        if (r == null && username != null) {
            r = live(usernames, username, now);
        }
        return r;
    }

    private static BanRule live(Map<String, BanRule> map, String key, long now) {
        if (map.isEmpty()) {
            return null;
        }
        BanRule r = map.get(key);
        if (r != null && r.isExpired(now)) {
            map.remove(key, r);
            return null;
        }
        return r;
    }

    /** Drops expired rules (run periodically so a flood of flapping bans does not keep memory). */
    public void purgeExpired() {
        long now = clock.getAsLong();
        clientIds.values().removeIf(r -> r.isExpired(now));
        usernames.values().removeIf(r -> r.isExpired(now));
        addresses.values().removeIf(r -> r.isExpired(now));
        ranges.removeIf(r -> r.rule().isExpired(now));
    }
}

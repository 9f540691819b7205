package io.wrenmq.broker.auth;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import io.wrenmq.codec.ReasonCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks username and password against a password list: a hashed file ({@code auth.password_file}) or
 * NanoMQ's plaintext pairs ({@code auth.password}). An unknown user is not this authenticator's business
 * (ignore: the next one decides); a known user with a wrong or missing password is refused with 0x86.
 *
 * <p>Key-stretched hashes (PBKDF2, bcrypt) take milliseconds by design, so they are checked on two worker
 * threads with a bounded queue, never on an event loop; when the queue is full the client gets 0x89 Server
 * busy rather than waiting without bound.
 */
public final class PasswordAuthenticator implements Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordAuthenticator.class);

    private final String name;
    private final Supplier<Map<String, PasswordHash>> loader;
    private volatile Map<String, PasswordHash> users = Map.of();
    private ThreadPoolExecutor hashing;

    private PasswordAuthenticator(String name, Supplier<Map<String, PasswordHash>> loader) {
        this.name = name;
        this.loader = loader;
    }

    /** The hashed password file; read (and checked: fail closed) when the broker starts. */
    public static PasswordAuthenticator file(Path file) {
        return new PasswordAuthenticator("password file " + file, () -> PasswordFile.read(file));
    }

    /** NanoMQ's plaintext pairs; logs a warning at start naming where they came from. */
    public static PasswordAuthenticator plaintext(Map<String, String> pairs, String source) {
        return new PasswordAuthenticator("password list " + source, () -> {
            if (pairs.isEmpty()) {
                throw new PasswordFileException(Path.of(source), 0, "the password list has no users");
            }
            LOG.warn("Passwords in {} are stored in plaintext; convert them to hashes with `wrenmq passwd -b "
                    + "etc/wrenmq.passwd USER PASSWORD` and use auth.password_file", source);
            Map<String, PasswordHash> m = new LinkedHashMap<>();
            pairs.forEach((user, pass) -> m.put(user, PasswordHash.plaintext(pass)));
            return Collections.unmodifiableMap(m);
        });
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Reads this source again (hot reload) without installing it: a bad file throws {@link PasswordFileException}
     * and the running users stay. {@link #replaceUsers} installs the result.
     */
    public Map<String, PasswordHash> readUsers() {
        return loader.get();
    }

    /** Swaps the user table in at once (one volatile write): logins from now on check the new passwords. */
    public void replaceUsers(Map<String, PasswordHash> fresh) {
        users = Map.copyOf(fresh);
        LOG.info("Authentication: {} reloaded with {} users", name, fresh.size());
    }

    @Override
    public void start() {
        users = loader.get();
        AtomicInteger n = new AtomicInteger();
        hashing = new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024), r -> {
            Thread t = new Thread(r, "wrenmq-password-hash-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        LOG.info("Authentication: {} with {} users", name, users.size());
    }

    @Override
    public void stop() {
        if (hashing != null) {
            hashing.shutdownNow();
        }
    }

    /** The stored password of a user, or null (SCRAM looks credentials up here). */
    public PasswordHash lookup(String username) {
        return username == null ? null : users.get(username);
    }

    @Override
    public CompletableFuture<AuthResult> authenticate(AuthRequest request) {
        PasswordHash stored = lookup(request.username());
        if (stored == null) {
            return AuthResult.ignoreFuture();
        }
        byte[] password = request.password();
        if (password == null) {
            return CompletableFuture.completedFuture(AuthResult.badCredentials("no password for user "
                    + request.username()));
        }
        if (stored.cheap()) {
            return CompletableFuture.completedFuture(judge(stored, password, request.username()));
        }
        try {
            return CompletableFuture.supplyAsync(() -> judge(stored, password, request.username()), hashing);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(AuthResult.deny(ReasonCode.SERVER_BUSY,
                    "too many password checks at once"));
        }
    }

    private static AuthResult judge(PasswordHash stored, byte[] password, String user) {
        return stored.verify(password) ? AuthResult.allow() : AuthResult.badCredentials("wrong password for user " + user);
    }
}

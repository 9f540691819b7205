package io.wrenmq.broker.auth;

import java.util.Objects;

/**
 * One answer in an enhanced authentication exchange: send AUTH 0x18 Continue authentication with
 * {@code data} and wait for the client; or finish, with the result (allow: CONNACK 0x00 carrying {@code data}
 * as the final Authentication Data; deny: CONNACK with the refusal's reason).
 *
 * @param data   Authentication Data to send; may be null
 * @param result null to continue; the final result otherwise
 */
public record EnhancedAuthStep(byte[] data, AuthResult result) {
    public static EnhancedAuthStep proceed(byte[] data) {
        return new EnhancedAuthStep(Objects.requireNonNull(data, "data"), null);
    }

    public static EnhancedAuthStep finish(AuthResult result, byte[] data) {
        if (result.kind() == AuthResult.Kind.IGNORE) {
            throw new IllegalArgumentException("an exchange must end with allow or deny");
        }
        return new EnhancedAuthStep(data, result);
    }

    public boolean done() {
        return result != null;
    }
}

package io.wrenmq.server.rule.sql;

import static io.wrenmq.server.rule.sql.FunctionSpec.pure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * JSON, Base64, hex and hashes. They work on a string's UTF-8 bytes, or, given the bare field {@code payload}, on
 * the payload's bytes as they arrived (so {@code bin2hexstr(payload)} shows a binary payload exactly). Decoders
 * give the decoded bytes as UTF-8 text, since rows hold text, not bytes. Hashes are lower-case hex (EMQX's),
 * {@code bin2hexstr} upper-case (EMQX's too).
 */
final class CodecFunctions {
    private static final HexFormat LOWER_HEX = HexFormat.of();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private CodecFunctions() {
    }

    static void register(Consumer<FunctionSpec> add) {
        add.accept(pure("json_encode", 1, 1, a -> JsonModel.encode(a.value(0))));
        add.accept(pure("json_decode", 1, 1, a -> JsonModel.parse(a.string(0), "json_decode")));
        add.accept(pure("base64_encode", 1, 1, a -> Base64.getEncoder().encodeToString(a.bytes(0))).onBytes());
        add.accept(pure("base64_decode", 1, 1, CodecFunctions::base64Decode));
        add.accept(pure("bin2hexstr", 1, 1, a -> UPPER_HEX.formatHex(a.bytes(0))).onBytes());
        add.accept(pure("hexstr2bin", 1, 1, CodecFunctions::hexDecode));
        add.accept(hash("md5", "MD5"));
        add.accept(hash("sha", "SHA-1"));
        add.accept(hash("sha256", "SHA-256"));
    }

    private static FunctionSpec hash(String name, String algorithm) {
        return pure(name, 1, 1, a -> {
            try {
                return LOWER_HEX.formatHex(MessageDigest.getInstance(algorithm).digest(a.bytes(0)));
            } catch (NoSuchAlgorithmException e) {
                throw a.fail(algorithm + " is not available in this JVM");
            }
        }).onBytes();
    }

    private static Object base64Decode(Arguments a) {
        try {
            return new String(Base64.getDecoder().decode(a.string(0)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw a.fail("not Base64: " + e.getMessage());
        }
    }

    private static Object hexDecode(Arguments a) {
        try {
            return new String(HexFormat.of().parseHex(a.string(0)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw a.fail("not a hex string: " + e.getMessage());
        }
    }
}

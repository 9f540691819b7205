package io.wrenmq.broker.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.wrenmq.broker.auth.ClientIdentity;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private final ClientIdentity who;

    PlaceholdersTest() throws Exception {
        who = new ClientIdentity("dev/1", "al ice", InetAddress.getByName("::1"), "default", "dev-1.example",
                "CN=dev-1.example,O=Acme", false);
    }

    @Test
    void everyNanomqPlaceholderIsExpanded() {
        Placeholders p = Placeholders.forAuth(who, "pw%".getBytes(StandardCharsets.UTF_8), 5, 1883);
        assertThat(p.expand("%u|%c|%a|%r|%P|%p|%C|%d|%m|%%|%x|%"))
                .isEqualTo("al ice|dev/1|0:0:0:0:0:0:0:1|5|pw%|1883|dev-1.example|CN=dev-1.example,O=Acme||%|%x|%");
        Placeholders acl = Placeholders.forAcl(who, 2, "a/b c");
        assertThat(acl.expand("%A %t %P %p")).isEqualTo("2 a/b c  ");
    }

    @Test
    void inAUrlTheValuesAreUrlEncoded() {
        Placeholders acl = Placeholders.forAcl(who, 1, "a/b c&d");
        assertThat(acl.expandUrl("http://h/acl/%u?t=%t&a=%A")).isEqualTo("http://h/acl/al%20ice?t=a%2Fb%20c%26d&a=1");
    }
}

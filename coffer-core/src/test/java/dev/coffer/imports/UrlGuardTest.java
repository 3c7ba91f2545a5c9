package dev.coffer.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses an import may reach, and how a refusal reads: the same whatever the reason. */
class UrlGuardTest {
    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "151.101.1.69",
                "2606:4700:4700::1111",
                "2a00:1450:4001:82b::200e",
                "2001:4860:4860::8888"
            })
    void public_unicast_addresses_are_allowed(String address) {
        assertThat(UrlGuard.isPublic(ip(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0.0",
                "10.1.2.3",
                "100.64.0.1",
                "127.0.0.1",
                "169.254.169.254",
                "172.16.0.1",
                "172.31.255.255",
                "192.0.0.8",
                "192.0.2.1",
                "192.88.99.1",
                "192.168.1.1",
                "198.18.0.1",
                "198.51.100.7",
                "203.0.113.9",
                "224.0.0.1",
                "240.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
                "64:ff9b::808:808", // NAT64 of a public address: still a translator, not a host
                "64:ff9b:1::a00:1", // local-use NAT64
                "2002:a9fe:a9fe::1", // 6to4 wrapping 169.254.169.254
                "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
                "2001:db8::1",
                "3fff::1", // documentation
                "::ffff:0:a9fe:a9fe", // IPv4-translated
                "::a9fe:a9fe", // IPv4-compatible
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1"
            })
    void internal_reserved_and_translated_addresses_are_refused(String address) {
        assertThat(UrlGuard.isPublic(ip(address))).as(address).isFalse();
    }

    @Test
    void a_refusal_never_reveals_what_the_name_resolved_to() {
        Map<String, InetAddress[]> dns = Map.of(
                "intranet.example", new InetAddress[] {ip("10.20.30.40")},
                "split.example", new InetAddress[] {ip("93.184.215.14"), ip("192.168.7.7")},
                "www.example", new InetAddress[] {ip("93.184.215.14")});
        UrlGuard guard = new UrlGuard(Set.of(), host -> {
            InetAddress[] a = dns.get(host);
            if (a != null) return a;
            if (host.startsWith("[") || host.matches("[0-9.]+")) return InetAddress.getAllByName(host);
            throw new UnknownHostException(host + ": Name or service not known");
        });
        for (String url : new String[] {
            "http://intranet.example/x",
            "https://split.example/x?sig=1",
            "http://nowhere.example/x",
            "http://10.20.30.40/x",
            "http://[::ffff:a9fe:a9fe]/latest",
            "http://[64:ff9b::a00:1]/"
        }) {
            assertThatThrownBy(() -> guard.check(url))
                    .as(url)
                    .isInstanceOf(CofferException.Forbidden.class)
                    .hasMessage(UrlGuard.REFUSED);
        }
        UrlGuard.Target ok = guard.check("http://www.example:8080/data.bin?sig=abc");
        assertThat(ok.addresses()).containsExactly(ip("93.184.215.14"));
        assertThat(ok.port()).isEqualTo(8080);
        assertThat(ok.host()).isEqualTo("www.example");
    }

    @Test
    void allowed_hosts_skip_the_address_check_but_are_still_resolved_once() {
        int[] lookups = {0};
        UrlGuard guard = new UrlGuard(Set.of("files.internal:8443"), host -> {
            lookups[0]++;
            return new InetAddress[] {ip("10.0.0.9")};
        });
        assertThat(guard.check("https://files.internal:8443/a").addresses()).containsExactly(ip("10.0.0.9"));
        assertThat(lookups[0]).isEqualTo(1);
        assertThatThrownBy(() -> guard.check("https://files.internal:9443/a")).hasMessage(UrlGuard.REFUSED);
    }

    @Test
    void shown_urls_hide_queries_and_user_info() {
        assertThat(ImportUrls.redact("https://bucket.s3.example/key.bin?X-Amz-Signature=abc&X-Amz-Credential=AKIA"))
                .isEqualTo("https://bucket.s3.example/key.bin?…");
        assertThat(ImportUrls.redact("http://user:pw@host.example:8080/a%20b#frag"))
                .isEqualTo("http://host.example:8080/a%20b");
        assertThat(ImportUrls.redact("http://host.example/plain")).isEqualTo("http://host.example/plain");
        assertThat(ImportUrls.redact("not a url ?token=abc")).doesNotContain("token");
    }
}

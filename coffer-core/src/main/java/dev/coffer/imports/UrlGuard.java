package dev.coffer.imports;

import dev.coffer.error.CofferException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which URLs the server may fetch for an import, and where exactly it connects. The
 * server sits inside the operator's network, so anyone who may import could otherwise make it
 * read its own admin endpoints or a cloud metadata service (server-side request forgery).
 *
 * <ul>
 *   <li>The host is resolved <em>once</em>, here, and the import connects to one of the checked
 *       addresses ({@link Target#addresses}), never to a second answer: a DNS name that answers
 *       with a public address for the check and an internal one for the connection (rebinding)
 *       gains nothing. Every redirect is resolved and checked the same way.
 *   <li>An address is fetched only if it is public unicast: an allow-list, not a list of bad
 *       ranges, so a form nobody thought of (NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16},
 *       Teredo {@code 2001::/32}, IPv4-mapped and -translated forms) is refused by default.
 *   <li>A refusal says the same thing whatever the reason (no such name, a private address, a
 *       reserved one): the answer must not tell a caller what the internal DNS knows.
 *   <li>Operators allow named hosts with {@code imports.allowHosts} ({@code host} or
 *       {@code host:port}); those skip the address check but are still resolved once.
 * </ul>
 */
public final class UrlGuard {
    /** The one refusal for a host that is not reachable as a public address. */
    public static final String REFUSED =
            "the server does not fetch this URL: its host is not a public internet address "
                    + "(an operator can allow a host with the imports.allowHosts setting)";

    /** Resolves a host name to its addresses (the system resolver; tests give their own). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A checked URL: where to connect ({@code addresses}, in order) and what to ask for. */
    public record Target(URI uri, String host, int port, boolean https, List<InetAddress> addresses) {}

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    /** {@code allowedHosts}: lowercase {@code host} or {@code host:port} entries that skip the address check. */
    public UrlGuard(Set<String> allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    public UrlGuard(Set<String> allowedHosts, Resolver resolver) {
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.resolver = resolver;
    }

    public Target check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new CofferException.Invalid("not a valid URL: " + ImportUrls.redact(url));
        }
        return check(uri);
    }

    public Target check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CofferException.Invalid(
                    "only http:// and https:// URLs can be imported, got '" + uri.getScheme() + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty())
            throw new CofferException.Invalid("the URL has no host: " + ImportUrls.redact(uri.toString()));
        if (uri.getRawUserInfo() != null)
            throw new CofferException.Invalid(
                    "URLs with a user name or password are not imported (put credentials in a data source)");
        String name = host.toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        if (port < 1 || port > 65535) throw new CofferException.Invalid("the URL's port is out of range");
        boolean allowed = allowedHosts.contains(name) || allowedHosts.contains(name + ":" + port);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | RuntimeException e) {
            throw new CofferException.Forbidden(REFUSED);
        }
        if (addresses == null || addresses.length == 0) throw new CofferException.Forbidden(REFUSED);
        // Every address must pass, not only the first: the connection may fall back to any of them.
        if (!allowed) {
            for (InetAddress a : addresses) {
                if (!isPublic(a)) throw new CofferException.Forbidden(REFUSED);
            }
        }
        return new Target(uri, host, port, https, List.of(addresses));
    }

    /** True for a public unicast address: the only kind an import may reach without an operator's say-so. */
    static boolean isPublic(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return isPublicV4(b);
        if (a instanceof Inet6Address) return isPublicV6(b);
        return false;
    }

    /**
     * IPv4: everything outside the IANA special-purpose blocks that are not globally reachable
     * (RFC 6890 and its updates). The IPv4 space has no single "global" prefix to allow.
     */
    private static boolean isPublicV4(byte[] b) {
        int x = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        return !(in(x, "0.0.0.0", 8) // this network
                || in(x, "10.0.0.0", 8) // private
                || in(x, "100.64.0.0", 10) // shared address space (carrier-grade NAT)
                || in(x, "127.0.0.0", 8) // loopback
                || in(x, "169.254.0.0", 16) // link-local (cloud metadata services live here)
                || in(x, "172.16.0.0", 12) // private
                || in(x, "192.0.0.0", 24) // IETF protocol assignments
                || in(x, "192.0.2.0", 24) // documentation
                || in(x, "192.88.99.0", 24) // 6to4 relay anycast
                || in(x, "192.168.0.0", 16) // private
                || in(x, "198.18.0.0", 15) // benchmarking
                || in(x, "198.51.100.0", 24) // documentation
                || in(x, "203.0.113.0", 24) // documentation
                || in(x, "224.0.0.0", 4) // multicast
                || in(x, "240.0.0.0", 4)); // reserved, and the broadcast address
    }

    private static boolean in(int address, String network, int bits) {
        String[] p = network.split("\\.");
        int n = (Integer.parseInt(p[0]) << 24)
                | (Integer.parseInt(p[1]) << 16)
                | (Integer.parseInt(p[2]) << 8)
                | Integer.parseInt(p[3]);
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        return (address & mask) == (n & mask);
    }

    /**
     * IPv6: only global unicast {@code 2000::/3}, less the parts of it that carry or reach other
     * addresses or are not routed: {@code 2001::/23} (IETF protocol assignments, Teredo
     * {@code 2001::/32} among them), {@code 2001:db8::/32} and {@code 3fff::/20} (documentation),
     * {@code 2002::/16} (6to4, which embeds any IPv4 address). Everything outside {@code 2000::/3}
     * is refused with it: loopback, unique-local, link-local, multicast, NAT64 {@code 64:ff9b::/96}
     * and {@code 64:ff9b:1::/48}, IPv4-compatible, IPv4-mapped {@code ::ffff:0:0/96} and
     * IPv4-translated {@code ::ffff:0:0:0/96}.
     */
    private static boolean isPublicV6(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if ((first & 0xe0) != 0x20) return false;
        if (first == 0x20 && second == 0x01 && (b[2] & 0xfe) == 0) return false;
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) return false;
        if (first == 0x20 && second == 0x02) return false;
        if (first == 0x3f && second == 0xff && (b[2] & 0xf0) == 0) return false;
        return true;
    }
}

package dev.coffer.imports;

import dev.coffer.error.CofferException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which URLs the server may fetch for an import. The server sits inside the operator's
 * network, so a URL that resolves to a loopback, link-local, private, shared (CGNAT), unique-local
 * or multicast address is refused: otherwise anyone who may import could make the server read
 * its own admin endpoints or a cloud metadata service (server-side request forgery). Operators
 * allow named hosts with the {@code imports.allowHosts} setting. Every redirect is checked again.
 *
 * <p>Known limit: the name is resolved here and again by the HTTP client, so a DNS answer that
 * changes between the two (rebinding) is not caught; document hosts you allow, not patterns.
 */
public final class UrlGuard {
    private final Set<String> allowedHosts;

    /** {@code allowedHosts}: lowercase {@code host} or {@code host:port} entries that skip the address check. */
    public UrlGuard(Set<String> allowedHosts) {
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw new CofferException.Invalid("not a valid URL: " + url);
        }
        return check(uri);
    }

    public URI check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new CofferException.Invalid("only http:// and https:// URLs can be imported, got '" + uri.getScheme() + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) throw new CofferException.Invalid("the URL has no host: " + uri);
        if (uri.getRawUserInfo() != null) throw new CofferException.Invalid("URLs with a user name or password are not imported (put credentials in a data source)");
        String name = host.toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allowedHosts.contains(name) || allowedHosts.contains(name + ":" + port)) return uri;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new CofferException.Invalid("cannot resolve the host of " + uri + ": " + host);
        }
        for (InetAddress a : addresses) {
            String why = internal(a);
            if (why != null) {
                throw new CofferException.Forbidden("refused to import from " + host + ": it resolves to " + a.getHostAddress() + ", a " + why
                        + " address; an operator can allow this host with the imports.allowHosts setting");
            }
        }
        return uri;
    }

    /** Why an address is internal (null when it is a public address). */
    static String internal(InetAddress a) {
        if (a.isLoopbackAddress()) return "loopback";
        if (a.isAnyLocalAddress()) return "wildcard";
        if (a.isLinkLocalAddress()) return "link-local";
        if (a.isSiteLocalAddress()) return "private";
        if (a.isMulticastAddress()) return "multicast";
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) return "this-network";
            if (first == 100 && second >= 64 && second < 128) return "shared (carrier-grade NAT)";
            if (first == 198 && (second == 18 || second == 19)) return "benchmarking";
            if (first >= 240) return "reserved";
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return "unique-local";
            boolean mapped = true;
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return "unparseable";
                }
            }
        }
        return null;
    }
}

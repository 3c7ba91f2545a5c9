package dev.coffer.imports;

import java.time.Duration;
import java.util.Set;

/**
 * How imports run: {@code workers} jobs at once per server, at most {@code maxBytes} per import,
 * a job whose server stopped beating for {@code staleAfter} is resumed elsewhere (or after a
 * restart), and {@code allowHosts} skip the internal-address check (see {@link UrlGuard}).
 */
public record ImportSettings(int workers, long maxBytes, Duration staleAfter, Duration poll, Set<String> allowHosts) {
    public static ImportSettings defaults() {
        return new ImportSettings(2, 100L * 1000 * 1000 * 1000, Duration.ofSeconds(30), Duration.ofMillis(500), Set.of());
    }
}

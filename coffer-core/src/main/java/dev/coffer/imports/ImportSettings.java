package dev.coffer.imports;

import java.time.Duration;
import java.util.Set;

/**
 * How imports run: {@code workers} jobs at once per server, of which one team runs at most
 * {@code perTeam} (so a team's slow sources cannot take every worker: another team's import
 * still starts), at most {@code maxBytes} per import; a source must accept the connection within
 * {@code connectTimeout} and send something at least every {@code readTimeout}; a job whose
 * server stopped beating for {@code staleAfter} is resumed elsewhere (or after a restart), and
 * {@code allowHosts} skip the internal-address check (see {@link UrlGuard}).
 */
public record ImportSettings(
        int workers,
        int perTeam,
        long maxBytes,
        Duration connectTimeout,
        Duration readTimeout,
        Duration staleAfter,
        Duration poll,
        Set<String> allowHosts) {
    public static ImportSettings defaults() {
        return new ImportSettings(
                4,
                2,
                100L * 1000 * 1000 * 1000,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofMillis(500),
                Set.of());
    }
}

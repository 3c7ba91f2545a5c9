package dev.coffer.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.coffer.access.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.server.config.CallerLimits;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Keeps each caller within {@link CallerLimits}: one token bucket of requests and one of body
 * bytes per caller (an API token, or a user's web sessions together), in memory on each server.
 *
 * <p>A request is refused (429, {@code Retry-After}) when its caller's request bucket is empty or
 * its byte bucket is in debt. Bytes are charged when a request ends, whatever it moved (request
 * and response bodies), so a big transfer is never cut half-way: the bucket goes into debt and
 * the caller's next requests wait until it is paid. Buckets of callers silent for ten minutes
 * are dropped (they would be full again by then anyway), which bounds the memory to the callers
 * that are active.
 */
public final class CallerThrottle {
    private final CallerLimits limits;
    private final Cache<String, Buckets> byCaller = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(200_000)
            .build();
    private final LongAdder refused = new LongAdder();

    private record Buckets(Bucket requests, Bucket bytes) {}

    public CallerThrottle(CallerLimits limits) {
        this.limits = limits;
    }

    boolean enabled() {
        return limits.requestsPerSecond() > 0 || limits.bytesPerSecond() > 0;
    }

    /** Requests refused so far for a caller over a limit. */
    public long refused() {
        return refused.sum();
    }

    /** Counts one request of {@code who}; throws {@link CofferException.Busy} (429) when over a limit. */
    void admit(Principal who) {
        if (!enabled()) return;
        Buckets b = bucketsOf(who);
        if (b.bytes() != null) {
            EstimationProbe debt = b.bytes().estimateAbilityToConsume(1);
            if (!debt.canBeConsumed()) {
                refuse("bytes", debt.getNanosToWaitForRefill());
            }
        }
        if (b.requests() != null) {
            ConsumptionProbe probe = b.requests().tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) refuse("requests", probe.getNanosToWaitForRefill());
        }
    }

    /** Charges the body bytes that {@code ctx}, a request of {@code who}, read and wrote. */
    void charge(Principal who, Context ctx) {
        if (limits.bytesPerSecond() <= 0) return;
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) return;
        long bytes = Request.getContentBytesRead(request)
                + Response.getContentBytesWritten(request.getServletContextResponse());
        if (bytes > 0) bucketsOf(who).bytes().consumeIgnoringRateLimits(bytes);
    }

    private void refuse(String what, long nanosToWait) {
        refused.increment();
        long seconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        String limit = what.equals("bytes")
                ? limits.bytesPerSecond() + " bytes per second (limits.bytesPerSecond)"
                : limits.requestsPerSecond() + " requests per second (limits.requestsPerSecond)";
        throw new CofferException.Busy(
                "this token is over its limit of " + limit + "; nothing was done, try again in " + seconds + " s",
                seconds);
    }

    private Buckets bucketsOf(Principal who) {
        return byCaller.get(
                keyOf(who), k -> new Buckets(bucket(limits.requestsPerSecond()), bucket(limits.bytesPerSecond())));
    }

    private Bucket bucket(long perSecond) {
        if (perSecond <= 0) return null;
        // The burst: this many seconds' worth may be spent at once (at least one second's).
        long capacity =
                Math.max(perSecond, saturatedMultiply(perSecond, limits.burst().toMillis()) / 1000);
        return Bucket.builder()
                .addLimit(l -> l.capacity(capacity).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    /** One bucket per token; web sessions (no token) share their user's. */
    private static String keyOf(Principal who) {
        return who.tokenId() != null ? "token " + who.tokenId() : who.kind() + " user " + who.userId();
    }
}

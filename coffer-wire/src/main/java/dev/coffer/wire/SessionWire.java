package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Health checks, signing in, and who the caller is. */
public final class SessionWire {
    private SessionWire() {}

    /** {@code GET /healthz}: the process answers. */
    public record Health(String status) {}

    /** {@code GET /readyz}: the database (its dialect) and the content store are reachable. */
    public record Readiness(String status, String database, String store) {}

    /** {@code POST /api/v1/login}. */
    public record LoginRequest(String name, String password) {}

    /** The user a sign-in started a session for. */
    public record SignedIn(String name, boolean admin, String csrfToken) {}

    /**
     * {@code GET /api/v1/me}: who the token or session stands for, and the names of their teams;
     * {@code notebook} is given for a notebook token: the notebook it reaches (what a mount shows).
     */
    public record Me(
            String name,
            boolean admin,
            List<String> teams,
            @JsonInclude(JsonInclude.Include.NON_NULL) NotebookScope notebook) {}

    /** The notebook a notebook token reaches: its team, name, cluster and state. */
    public record NotebookScope(String team, String name, String cluster, NotebookWire.NotebookState state) {}
}

package dev.coffer.server.web;

import java.util.List;

/**
 * What every signed-in page shows around its content: who is signed in, the team switcher, and
 * the CSRF token the page's script sends with each change.
 */
public record Chrome(String user, boolean admin, String csrf, List<TeamLink> teams, String htmx) {
    /** A team in the switcher; the user's own Private Workspace is labelled so. */
    public record TeamLink(String name, String label, String url, boolean current) {}

    /** The team the page is about, or null. */
    public TeamLink current() {
        return teams.stream().filter(TeamLink::current).findFirst().orElse(null);
    }
}

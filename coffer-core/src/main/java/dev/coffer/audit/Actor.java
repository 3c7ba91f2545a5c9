package dev.coffer.audit;

import dev.coffer.access.Principal;

/** Who acted: a user ({@code kind} "user"), or nobody known ("anonymous": no valid token). */
public record Actor(String kind, Long id, String name) {
    public static final Actor ANONYMOUS = new Actor("anonymous", null, null);

    public static Actor of(Principal who) {
        return who == null ? ANONYMOUS : new Actor("user", who.userId(), who.name());
    }
}

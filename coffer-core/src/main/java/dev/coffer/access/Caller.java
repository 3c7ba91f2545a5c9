package dev.coffer.access;

/**
 * Who the request being served stands for, bound by the HTTP layer around each authenticated
 * request. Write transactions deep in the engine ({@code VolumeTree}, {@code Drafts}) use it to
 * decide again inside themselves ({@link Authorizer#recheck}): a long upload is authorised when
 * it begins, and meanwhile a role may be lowered, a token revoked or the notebook stopped.
 * Background work (URL imports) runs with no caller bound and is checked when it is queued.
 */
public final class Caller {
    public static final ScopedValue<Principal> CURRENT = ScopedValue.newInstance();

    private Caller() {}
}

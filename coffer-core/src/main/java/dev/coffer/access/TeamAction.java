package dev.coffer.access;

/**
 * What a request wants to do with a team itself (not with one of its volumes), with the least
 * role that may do it. Volume actions are {@link Action}.
 */
public enum TeamAction {
    /** See the team: its members, notebooks, usage and storage views. */
    VIEW(Role.VIEWER),
    /** Send file content (chunks) to the team's store, to commit into its volumes or datasets. */
    SEND_CHUNKS(Role.MEMBER),
    /** Create notebooks, make notebook tokens, list them and revoke one's own. */
    RUN_NOTEBOOKS(Role.MEMBER),
    /**
     * Report a notebook's state by hand, standing in for the notebook platform. Files and
     * notebook tokens work only while a notebook is Running, so whoever may report states
     * decides when they work: not every member, only admins (and the cluster's platform token).
     */
    REPORT_NOTEBOOK_STATE(Role.ADMIN),
    /** Add and remove members, change roles (only owners touch owners). */
    MANAGE_MEMBERS(Role.ADMIN),
    /** Set, replace and delete secrets (values are never shown to anyone). */
    MANAGE_SECRETS(Role.ADMIN),
    /** Write, rename and delete files in the team's data sources (buckets); viewers only read them. */
    WRITE_SOURCES(Role.MEMBER),
    /** Add, change and delete external data sources (members read and write through them). */
    MANAGE_SOURCES(Role.ADMIN),
    /** Read the team's audit log. */
    ADMINISTER(Role.ADMIN),
    /** Delete the team with everything in it. */
    DELETE_TEAM(Role.OWNER);

    public final Role least;

    TeamAction(Role least) {
        this.least = least;
    }
}

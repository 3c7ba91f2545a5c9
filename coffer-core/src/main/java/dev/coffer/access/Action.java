package dev.coffer.access;

/**
 * What a request wants to do with a volume; the authorizer decides per action and volume kind.
 * {@code MANAGE} is the volume's own life: deleting a notebook with its files, deleting a team's
 * whole storage on a cluster, deleting a dataset or one of its committed versions.
 */
public enum Action {
    LIST,
    READ,
    WRITE,
    DELETE,
    MANAGE
}

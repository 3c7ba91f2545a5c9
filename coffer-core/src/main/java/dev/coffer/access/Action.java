package dev.coffer.access;

/** What a request wants to do with a volume; the authorizer decides per action. */
public enum Action {
    LIST, READ, WRITE, DELETE, MANAGE
}

package dev.coffer.access;

/** Who is making a request: a signed-in user (through a token). */
public record Principal(long userId, String name, boolean admin) {}

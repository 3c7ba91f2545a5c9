package dev.coffer.dataset;

/** The id of a dataset row. */
public record DatasetId(long value) {}

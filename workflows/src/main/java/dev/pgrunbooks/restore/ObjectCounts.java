package dev.pgrunbooks.restore;

/** How many user tables, views, functions, indexes and sequences a database has. */
public record ObjectCounts(long tables, long views, long functions, long indexes, long sequences) {}

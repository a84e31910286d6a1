package dev.pgrunbooks.restore;

/**
 * An operator's go-ahead for the destructive step. {@code database} must name the database about to
 * be replaced: typing it is the check that the approver knows what they approve.
 */
public record Approval(String database, String by) {}

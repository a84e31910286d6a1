package dev.pgrunbooks.restore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What {@code SwapBack} found and did, from the actual databases.
 *
 * @param swapHappened the swap had committed: the original is live again (now or by an earlier attempt)
 * @param restoredCopy where the restored copy, which has been live, is kept; null when the swap never happened
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SwapBackResult(boolean swapHappened, String restoredCopy) {}

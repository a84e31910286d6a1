package dev.pgrunbooks.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * {@code runbooks.yaml}: where backups go, which databases are targets, whom to notify. Loaded by
 * {@link ConfigLoader}; unknown keys are rejected by name.
 */
public record RunbookConfig(
    StorageConfig storage,
    Map<String, TargetConfig> targets,
    @JsonProperty("notify") NotifyConfig notifications,
    WorkerConfig worker,
    ToolsConfig tools) {

  public RunbookConfig {
    storage = storage == null ? StorageConfig.defaults() : storage;
    targets = targets == null ? Map.of() : Map.copyOf(targets);
    notifications = notifications == null ? new NotifyConfig(null, null) : notifications;
    worker = worker == null ? WorkerConfig.defaults() : worker;
    tools = tools == null ? ToolsConfig.defaults() : tools;
  }

  /** The named target, or one clear error listing the ones that exist. */
  public TargetConfig target(String name) {
    TargetConfig target = targets.get(name);
    if (target == null) {
      throw new ConfigException("unknown target '" + name + "': the configuration defines "
          + (targets.isEmpty() ? "no targets" : String.join(", ", new java.util.TreeSet<>(targets.keySet())))
          + "; add it under 'targets:' or check the spelling");
    }
    return target;
  }
}

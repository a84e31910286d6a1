package dev.pgrunbooks.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code runbooks.yaml}: replaces {@code ${VAR}} (or {@code ${VAR:-default}}) from the
 * environment, rejects unknown keys by name, and checks what a runbook would otherwise trip over at
 * 3 a.m. Every error is one {@link ConfigException} that names the file, the key and the fix.
 */
public final class ConfigLoader {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final Pattern TARGET_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private final Map<String, String> environment;

  public ConfigLoader(Map<String, String> environment) {
    this.environment = environment;
  }

  public static RunbookConfig load(Path file) {
    return new ConfigLoader(System.getenv()).read(file);
  }

  public RunbookConfig read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such configuration file; pass --config FILE or set RUNBOOK_CONFIG");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  public RunbookConfig parse(String text, String source) {
    String expanded = substitute(text, source);
    RunbookConfig config;
    try {
      config = yaml.readValue(expanded, RunbookConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(source + where(e.getLocation()) + ": unknown key '" + path(e) + "'"
          + hintFor(e.getPropertyName())
          + "; known keys here: " + e.getKnownPropertyIds().stream().map(String::valueOf)
              .collect(Collectors.toCollection(TreeSet::new)));
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException ce) {
        throw new ConfigException(source + where(e.getLocation()) + ": " + path(e) + ": " + ce.getMessage());
      }
      throw new ConfigException(source + where(e.getLocation()) + ": '" + path(e) + "' has the wrong type: "
          + e.getOriginalMessage().split("\n")[0]);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + where(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage());
    }
    if (config == null) {
      config = new RunbookConfig(null, null, null, null, null);
    }
    checkAgainstCatalogue(config, source);
    validate(config, source);
    return config;
  }

  private String substitute(String text, String source) {
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      // A commented-out line may mention variables nobody set.
      boolean comment = line.stripLeading().startsWith("#");
      Matcher m = VARIABLE.matcher(line);
      StringBuilder replaced = new StringBuilder();
      while (m.find()) {
        String value = comment ? m.group() : environment.get(m.group(1));
        if (value == null) {
          value = m.group(2);
        }
        if (value == null) {
          throw new ConfigException(source + " line " + (i + 1) + ": environment variable " + m.group(1)
              + " is not set; export it or write ${" + m.group(1) + ":-default}");
        }
        m.appendReplacement(replaced, Matcher.quoteReplacement(value));
      }
      m.appendTail(replaced);
      out.append(replaced);
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Checks every value, defaults included, against its {@link ConfigKey} rule: ranges and allowed
   * values live there, once. The bound records are walked as a tree so no key can be skipped.
   */
  private void checkAgainstCatalogue(RunbookConfig config, String source) {
    JsonNode tree = yaml.valueToTree(config);
    tree.fields().forEachRemaining(e -> checkNode(e.getValue(), e.getKey(), e.getKey(), null, source));
  }

  private static void checkNode(JsonNode node, String path, String keyPath, String target, String source) {
    if (node == null || node.isNull()) {
      return;
    }
    if (node.isObject()) {
      boolean targetNames = keyPath.equals("targets");
      node.fields().forEachRemaining(e -> checkNode(e.getValue(), path + "." + e.getKey(),
          keyPath + "." + (targetNames ? ConfigKey.TARGET_NAME : e.getKey()),
          targetNames ? e.getKey() : target, source));
      return;
    }
    ConfigKey key = ConfigKey.byPath(keyPath).orElseThrow(() ->
        new IllegalStateException(keyPath + " is accepted but has no ConfigKey entry"));
    String problem = key.rule().problem(node, target);
    require(problem == null, source, path + ": " + problem);
  }

  private static void validate(RunbookConfig config, String source) {
    StorageConfig s = config.storage();
    switch (s.type()) {
      case StorageConfig.LOCAL -> require(!s.path().isBlank(), source, "storage.path is empty; name the directory "
          + "of the local store or leave it out for " + ConfigKey.STORAGE_PATH.defaultText());
      case StorageConfig.S3 -> {
        require(s.bucket() != null && !s.bucket().isBlank(), source, "storage.bucket is required for an s3 store");
        require(!"aws:kms".equals(s.sse()) || s.kmsKeyId() != null, source,
            "storage.sse aws:kms needs storage.kmsKeyId");
      }
      default -> throw new IllegalStateException("storage.type " + s.type() + " passed its ConfigKey check");
    }
    require(s.prefix().isEmpty() || s.prefix().endsWith("/"), source,
        "storage.prefix must end with '/' (got '" + s.prefix() + "')");
    config.targets().forEach((name, t) -> {
      String at = "targets." + name;
      require(TARGET_NAME.matcher(name).matches(), source, at + ": a target name is lower-case letters, digits, "
          + "'-' and '_' (at most 40): it becomes part of workflow ids and backup keys");
      require(t != null, source, at + " is empty; give it at least 'database'");
      require(t.database() != null && !t.database().isBlank(), source, at + ".database is required");
      require(t.passwordEnv() == null || t.passwordFile() == null, source,
          at + ": give passwordEnv or passwordFile, not both");
      require(t.smokeRole() == null || t.keepsPrivileges(), source, at + ": privileges: drop and smokeRole "
          + t.smokeRole() + " cannot go together: a restore without grants gives " + t.smokeRole()
          + " nothing to read; keep the privileges or remove smokeRole");
    });
  }

  private static void require(boolean ok, String source, String message) {
    if (!ok) {
      throw new ConfigException(source + ": " + message);
    }
  }

  private static String hintFor(String property) {
    return "password".equalsIgnoreCase(property)
        ? " (passwords never go in the configuration: name an environment variable with passwordEnv,"
            + " or a file with passwordFile)"
        : "";
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? "" : " line " + location.getLineNr();
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}

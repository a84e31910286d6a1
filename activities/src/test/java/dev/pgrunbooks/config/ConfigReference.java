package dev.pgrunbooks.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Writes the configuration reference from {@link ConfigKey}: {@code docs/configuration.md} in full,
 * and the rows of README.md's configuration table between its markers. {@link ConfigReferenceTest}
 * fails when the committed files differ; {@link #REGENERATE} rewrites them.
 */
final class ConfigReference {
  static final String REGENERATE = "mvn -o -q -pl activities -am verify -Dtest=ConfigReferenceTest"
      + " -Dsurefire.failIfNoSpecifiedTests=false -Ddocs.write=true";
  static final String README_BEGIN = "<!-- configuration table: generated from ConfigKey, do not edit; " + REGENERATE + " -->";
  static final String README_END = "<!-- end of configuration table -->";

  private ConfigReference() {}

  public static void main(String[] args) throws IOException {
    write(RepoRoot.find());
  }

  static void write(Path root) throws IOException {
    Files.writeString(root.resolve("docs/configuration.md"), document());
    Path readme = root.resolve("README.md");
    Files.writeString(readme, withReadmeTable(Files.readString(readme)));
  }

  static String document() {
    return "# Configuration reference (`runbooks.yaml`)\n\n"
        + "Generated from `dev.pgrunbooks.config.ConfigKey`, where each key is defined once; do not edit by hand.\n"
        + "Regenerate with `" + REGENERATE + "`.\n\n"
        + "`${VAR}` is replaced from the environment (`${VAR:-default}` when it may be unset). Unknown keys are an\n"
        + "error that names the key, and every value is checked against the allowed values below when the file\n"
        + "loads. `<name>` is a target's name: lower-case letters, digits, `-` and `_`, at most 40; it becomes part\n"
        + "of workflow ids and backup keys. Durations are written like `90s`, `30m`, `24h`, `30d` or `1h30m`.\n\n"
        + "| key | type | default | allowed | meaning |\n"
        + "| --- | --- | --- | --- | --- |\n"
        + Arrays.stream(ConfigKey.values())
            .map(k -> "| `" + k.path() + "` | " + k.rule().type() + " | " + defaultCell(k) + " | " + k.rule().allowed()
                + " | " + k.doc() + " |\n")
            .collect(Collectors.joining());
  }

  /** The README's shorter table: key, default, meaning with the allowed values folded in. */
  static String readmeTable() {
    return README_BEGIN + "\n"
        + "| key | default | meaning |\n"
        + "| --- | --- | --- |\n"
        + Arrays.stream(ConfigKey.values())
            .map(k -> "| `" + k.path() + "` | " + defaultCell(k) + " | " + k.doc()
                + (k.rule().allowed().isEmpty() ? "" : " (" + k.rule().allowed() + ")") + " |\n")
            .collect(Collectors.joining())
        + README_END + "\n";
  }

  static String withReadmeTable(String readme) {
    int begin = readme.indexOf(README_BEGIN);
    int end = readme.indexOf(README_END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException("README.md has no configuration table markers: put the lines\n"
          + README_BEGIN + "\n" + README_END + "\nwhere the table goes");
    }
    return readme.substring(0, begin) + readmeTable() + readme.substring(end + README_END.length() + 1);
  }

  private static String defaultCell(ConfigKey key) {
    Object value = key.defaultValue();
    if (value == null) {
      return "none";
    }
    return value.toString().isEmpty() ? "empty" : "`" + value + "`";
  }
}

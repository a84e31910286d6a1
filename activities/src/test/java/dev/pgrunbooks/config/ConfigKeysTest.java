package dev.pgrunbooks.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every key Jackson accepts in {@code runbooks.yaml} is in {@link ConfigKey}, and every catalogue key is
 * in README.md's configuration table and in docs/configuration.md, and nothing else is.
 */
class ConfigKeysTest {
  private static final Path ROOT = RepoRoot.find();
  private static final Pattern ROW_KEY = Pattern.compile("^\\| `([^`]+)`");

  @Test
  void everyKeyJacksonAcceptsIsInTheCatalogueAndNoOther() {
    Set<String> accepted = new TreeSet<>();
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    collectKeys(mapper, mapper.constructType(RunbookConfig.class), "", accepted);

    assertThat(accepted).as("keys the configuration records accept").isNotEmpty().contains("notify.onSuccess");
    assertThat(catalogue())
        .as("ConfigKey must define every key the configuration records accept (add the missing ones to ConfigKey)")
        .containsAll(accepted);
    assertThat(accepted)
        .as("ConfigKey defines keys the configuration records do not accept (remove them or add the record component)")
        .containsAll(catalogue());
  }

  @Test
  void everyCatalogueKeyIsInTheReadmeTableAndNoOther() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int begin = readme.indexOf(ConfigReference.README_BEGIN);
    int end = readme.indexOf(ConfigReference.README_END);
    assertThat(begin).as("README.md's configuration table markers").isNotNegative().isLessThan(end);
    Set<String> documented = tableKeys(readme.substring(begin, end));

    assertThat(documented)
        .as("configuration keys missing from README.md's configuration table; regenerate it with: "
            + ConfigReference.REGENERATE)
        .containsAll(catalogue());
    assertThat(catalogue())
        .as("README.md's configuration table names keys that ConfigKey does not define")
        .containsAll(documented);
  }

  @Test
  void everyCatalogueKeyIsInTheReferenceAndNoOther() throws IOException {
    Path reference = ROOT.resolve("docs/configuration.md");
    Set<String> documented = Files.exists(reference) ? tableKeys(Files.readString(reference)) : Set.of();

    assertThat(documented)
        .as("configuration keys missing from docs/configuration.md; regenerate it with: " + ConfigReference.REGENERATE)
        .containsAll(catalogue());
    assertThat(catalogue())
        .as("docs/configuration.md names keys that ConfigKey does not define")
        .containsAll(documented);
  }

  @Test
  void recordDefaultsAreTheCatalogueDefaults() {
    RunbookConfig config = new ConfigLoader(java.util.Map.of()).parse("""
        targets:
          orders: { database: orders, rehearsal: {} }
        """, "test.yaml");
    TargetConfig orders = config.target("orders");
    assertThat(config.storage().path()).isEqualTo(ConfigKey.STORAGE_PATH.defaultValue());
    assertThat(config.storage().partSizeMiB()).isEqualTo(ConfigKey.STORAGE_PART_SIZE_MIB.defaultValue());
    assertThat(orders.port()).isEqualTo(ConfigKey.TARGET_PORT.defaultValue());
    assertThat(orders.jobs()).isEqualTo(ConfigKey.TARGET_JOBS.defaultValue());
    assertThat(orders.retention().weekly()).isEqualTo(ConfigKey.RETENTION_WEEKLY.defaultValue());
    assertThat(orders.rehearsal().pick()).isEqualTo(ConfigKey.REHEARSAL_PICK.defaultValue());
    assertThat(orders.rehearsal().window()).isEqualTo(ConfigKey.REHEARSAL_WINDOW.defaultValue());
    assertThat(config.notifications().onSuccess()).isEqualTo(ConfigKey.NOTIFY_ON_SUCCESS.defaultValue());
    assertThat(config.worker().metricsPort()).isEqualTo(ConfigKey.WORKER_METRICS_PORT.defaultValue());
  }

  private static Set<String> catalogue() {
    return Arrays.stream(ConfigKey.values()).map(ConfigKey::path).collect(Collectors.toCollection(TreeSet::new));
  }

  /** The keys in the first column of Markdown table rows. */
  private static Set<String> tableKeys(String markdown) {
    Set<String> keys = new TreeSet<>();
    for (String line : markdown.split("\n")) {
      Matcher m = ROW_KEY.matcher(line);
      if (m.find()) {
        keys.add(m.group(1));
      }
    }
    return keys;
  }

  /** Walks the records as Jackson sees them for reading: records recurse, maps are named by the user. */
  private static void collectKeys(ObjectMapper mapper, JavaType type, String prefix, Set<String> keys) {
    for (BeanPropertyDefinition property : mapper.getDeserializationConfig().introspect(type).findProperties()) {
      if (!property.couldDeserialize()) {
        continue;
      }
      String path = prefix + property.getName();
      JavaType propertyType = property.getPrimaryType();
      if (propertyType.isMapLikeType()) {
        propertyType = propertyType.getContentType();
        path += "." + ConfigKey.TARGET_NAME;
      }
      if (propertyType.isRecordType()) {
        collectKeys(mapper, propertyType, path + ".", keys);
      } else {
        keys.add(path);
      }
    }
  }
}

package dev.pgrunbooks.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed reference and README table are what {@link ConfigKey} generates. */
class ConfigReferenceTest {
  private static final Path ROOT = RepoRoot.find();

  @BeforeAll
  static void rewriteWhenAsked() throws IOException {
    if (Boolean.getBoolean("docs.write")) {
      ConfigReference.write(ROOT);
    }
  }

  @Test
  void docsConfigurationMdIsGeneratedFromTheCatalogue() throws IOException {
    Path reference = ROOT.resolve("docs/configuration.md");
    assertThat(Files.exists(reference) ? Files.readString(reference) : "")
        .as("docs/configuration.md differs from what ConfigKey generates; regenerate it with: " + ConfigReference.REGENERATE)
        .isEqualTo(ConfigReference.document());
  }

  @Test
  void readmeConfigurationTableIsGeneratedFromTheCatalogue() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(readme)
        .as("README.md's configuration table differs from what ConfigKey generates; regenerate it with: "
            + ConfigReference.REGENERATE)
        .isEqualTo(ConfigReference.withReadmeTable(readme));
  }
}

package dev.pgrunbooks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pgrunbooks.config.ConfigLoader;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker compose cannot run here, so the compose setup is checked statically: the services exist,
 * every file it mounts or copies exists, the worker image carries the client tools of the application
 * database's major (and of 15, 16 and 17), and the worker's configuration loads with the environment compose gives it.
 */
class ComposeFileTest {
  private static final Pattern POSTGRES_MAJOR = Pattern.compile("^postgres:(\\d+)");
  private static final Pattern CLIENT_MAJORS = Pattern.compile("(?m)^ARG PG_CLIENT_MAJORS=\"([0-9 ]+)\"");

  static Path root;
  static JsonNode compose;

  @BeforeAll
  static void read() throws IOException {
    root = RepoFiles.root();
    compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
  }

  private static JsonNode service(String name) {
    JsonNode service = compose.path("services").path(name);
    assertThat(service.isObject()).as("service " + name + " in docker-compose.yml").isTrue();
    return service;
  }

  @Test
  void hasTemporalWithPostgresUiAppDatabaseStoreAndWorker() {
    assertThat(service("temporal").path("image").asText()).startsWith("temporalio/");
    assertThat(service("temporal").path("environment").path("DB").asText()).startsWith("postgres");
    assertThat(service(service("temporal").path("environment").path("POSTGRES_SEEDS").asText())
        .path("image").asText()).startsWith("postgres:");
    assertThat(service("temporal-ui").path("image").asText()).startsWith("temporalio/ui");
    assertThat(service("app-db").path("image").asText()).startsWith("postgres:");
    assertThat(service("s3").path("environment").path("COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS").asText())
        .isEqualTo("pg-backups");
    assertThat(service("worker").path("command").toString()).contains("worker");
  }

  @Test
  void workerBuildsFromTheDockerfileAndEveryReferencedFileExists() throws IOException {
    JsonNode build = service("worker").path("build");
    Path context = root.resolve(build.path("context").asText()).normalize();
    Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
    assertThat(dockerfile).isRegularFile().isEqualTo(root.resolve("Dockerfile"));

    for (var services = compose.path("services").fields(); services.hasNext(); ) {
      for (JsonNode volume : services.next().getValue().path("volumes")) {
        String source = volume.asText().split(":")[0];
        if (source.startsWith("./")) {
          assertThat(root.resolve(source)).as("mounted by docker-compose.yml").exists();
        }
      }
    }
    for (String line : Files.readAllLines(dockerfile)) {
      if (line.startsWith("COPY ") && !line.contains("--from=")) {
        List<String> parts = List.of(line.substring(5).trim().split("\\s+"));
        for (String source : parts.subList(0, parts.size() - 1)) {
          assertThat(root.resolve(source)).as("copied by the Dockerfile").exists();
        }
      }
    }
    assertThat(root.resolve("deploy/docker/runbook")).isExecutable();
  }

  @Test
  void workerCarriesClientToolsOfEverySupportedMajorIncludingTheApplicationDatabases() throws IOException {
    List<String> dockerfile = Files.readAllLines(root.resolve("Dockerfile"));
    List<String> froms = dockerfile.stream().filter(l -> l.startsWith("FROM ")).toList();
    int runtimeStage = dockerfile.lastIndexOf(froms.get(froms.size() - 1));
    String runtime = String.join("\n", dockerfile.subList(runtimeStage, dockerfile.size()));
    Matcher arg = CLIENT_MAJORS.matcher(runtime);
    assertThat(arg.find()).as("the runtime stage declares ARG PG_CLIENT_MAJORS=\"...\"").isTrue();
    Set<Integer> majors = Arrays.stream(arg.group(1).trim().split("\\s+")).map(Integer::parseInt)
        .collect(Collectors.toSet());

    assertThat(runtime).as("installs postgresql-client-<major> for each of them from apt.postgresql.org")
        .contains("apt.postgresql.org/pub/repos/apt")
        .contains("for major in $PG_CLIENT_MAJORS; do echo postgresql-client-$major; done");
    assertThat(majors).as("client majors of the worker image").contains(15, 16, 17);
    int appMajor = postgresMajor(service("app-db").path("image").asText());
    assertThat(majors).as("the worker has the client tools of the application database's major " + appMajor)
        .contains(appMajor);
  }

  @Test
  void workerConfigurationLoadsWithTheEnvironmentComposeSets() {
    JsonNode worker = service("worker");
    Map<String, String> env = new HashMap<>();
    worker.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    String mounted = StreamSupport.stream(worker.path("volumes").spliterator(), false)
        .map(JsonNode::asText)
        .filter(v -> v.split(":")[1].equals(env.get("RUNBOOK_CONFIG")))
        .findFirst().orElseThrow(() -> new AssertionError("the worker must mount $RUNBOOK_CONFIG"));

    RunbookConfig config = new ConfigLoader(env).read(root.resolve(mounted.split(":")[0]));

    assertThat(config.storage().type()).isEqualTo(StorageConfig.S3);
    assertThat(config.storage().endpoint()).isEqualTo("http://s3:9090");
    assertThat(config.storage().bucket())
        .isEqualTo(service("s3").path("environment").path("COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS").asText());
    var orders = config.target("orders");
    assertThat(orders.host()).isEqualTo("app-db");
    assertThat(orders.database()).isEqualTo(service("app-db").path("environment").path("POSTGRES_DB").asText());
    assertThat(env).containsKey(orders.passwordEnv());
    assertThat(env.get(orders.passwordEnv()))
        .isEqualTo(service("app-db").path("environment").path("POSTGRES_PASSWORD").asText());
    assertThat(env.get("TEMPORAL_ADDRESS")).startsWith("temporal:");
  }

  private static int postgresMajor(String image) {
    Matcher m = POSTGRES_MAJOR.matcher(image);
    assertThat(m.find()).as(image + " should be a postgres:<major> image").isTrue();
    return Integer.parseInt(m.group(1));
  }
}

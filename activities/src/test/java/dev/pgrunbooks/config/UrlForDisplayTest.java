package dev.pgrunbooks.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlForDisplayTest {
  @Test
  void userInfoAndQueryStringNeverShow() {
    assertThat(UrlForDisplay.of("https://minio:s3cr3t@minio.internal:9000/")).isEqualTo("https://minio.internal:9000/");
    assertThat(UrlForDisplay.of("https://app.example/health?token=abc&x=1#frag"))
        .isEqualTo("https://app.example/health?…");
    assertThat(UrlForDisplay.of("http://app/health")).isEqualTo("http://app/health");
    assertThat(UrlForDisplay.of("not a url?token=abc")).isEqualTo("not a url?…");
  }
}

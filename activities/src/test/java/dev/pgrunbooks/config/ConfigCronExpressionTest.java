package dev.pgrunbooks.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigCronExpressionTest {

  @Test
  void cronExpressionsAreCheckedFieldByField() {
    for (String good : List.of("0 3 1 * *", "*/15 * * * *", "0 2 * * 1-5", "0 2 * * MON,THU", "0 0 1 JAN,jul *",
        "5,35 0-23/2 1-31 1-12 0-7")) {
      assertThat(CronExpression.validate(good, "x")).isEqualTo(good);
    }
    assertThatThrownBy(() -> CronExpression.validate("0 24 * * *", "f")).hasMessageContaining("hour 24 out of range (0-23)");
    assertThatThrownBy(() -> CronExpression.validate("0 0 0 * *", "f")).hasMessageContaining("day of month 0 out of range (1-31)");
    assertThatThrownBy(() -> CronExpression.validate("0 0 1 FOO *", "f")).hasMessageContaining("month 'FOO' is not a number or a name");
    assertThatThrownBy(() -> CronExpression.validate("*/0 * * * *", "f")).hasMessageContaining("step '0' must be a positive number");
    assertThatThrownBy(() -> CronExpression.validate("0 5-2 * * *", "f")).hasMessageContaining("range 5-2 runs backwards");
    assertThatThrownBy(() -> CronExpression.validate("", "f")).hasMessageContaining("it is empty");
    assertThatThrownBy(() -> CronExpression.validate("@daily", "f")).hasMessageContaining("it has 1 field, not 5");
  }
}

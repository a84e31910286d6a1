package dev.pgrunbooks.config;

/**
 * Where runbooks tell the operators about failures: a Slack-compatible webhook.
 *
 * @param onSuccess also post when a runbook succeeds (default: failures and warnings only)
 */
public record NotifyConfig(String webhookUrl, Boolean onSuccess) {
  public NotifyConfig {
    webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl;
    onSuccess = onSuccess == null ? ConfigKey.NOTIFY_ON_SUCCESS.defaultFlag() : onSuccess;
  }
}

package dev.pgrunbooks.config;

/** The configuration is wrong; the message says where and what to fix. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

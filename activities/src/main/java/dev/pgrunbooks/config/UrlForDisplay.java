package dev.pgrunbooks.config;

import java.util.regex.Pattern;

/**
 * A URL as it may be shown in summaries, histories, reports and notifications: without user info
 * ({@code user:pass@}) and with the query string (tokens, signatures) replaced by {@code ?…}. Works on
 * text, so even a URL that does not parse is shown without its secrets.
 */
public final class UrlForDisplay {
  private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?#]*@");
  private static final Pattern QUERY = Pattern.compile("\\?[^#]*");
  private static final Pattern FRAGMENT = Pattern.compile("#.*");

  private UrlForDisplay() {}

  public static String of(String url) {
    if (url == null) {
      return null;
    }
    String shown = USER_INFO.matcher(url.trim()).replaceFirst("");
    shown = FRAGMENT.matcher(shown).replaceFirst("");
    return QUERY.matcher(shown).replaceFirst("?…");
  }
}

package dev.hive.cli.config;

import dev.hive.cli.CliException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The monitor a command talks to and how: the first of the command line ({@code --url}, {@code --token}),
 * the environment ({@code HIVE_URL}, {@code HIVE_TOKEN}) and the stored config wins, per setting.
 *
 * @param url the monitor's base URL, without a trailing slash
 * @param token the API token, or null when none is known
 * @param caCert a PEM file of a certificate authority to trust, or null
 * @param insecure whether TLS certificates go unchecked
 */
public record Connection(URI url, String token, Path caCert, boolean insecure) {

    /**
     * Resolves the connection.
     *
     * @throws CliException (exit 2) when no URL is known or the URL is malformed
     */
    public static Connection resolve(
            String urlOption,
            String tokenOption,
            Path caCertOption,
            boolean insecureOption,
            Map<String, String> env,
            ConfigStore store) {
        StoredConfig stored = store.load();
        String url = first(urlOption, env.get("HIVE_URL"), stored.url());
        if (url == null) {
            throw CliException.usage("no monitor configured: run 'hive connect URL', or pass --url, or set HIVE_URL");
        }
        String token = first(tokenOption, env.get("HIVE_TOKEN"), null);
        if (token == null) {
            token = store.token();
        }
        Path caCert = caCertOption != null ? caCertOption : stored.caCert();
        return new Connection(parseUrl(url), token, caCert, insecureOption || stored.insecure());
    }

    /** {@code url} as a base URL: http or https, a host, no query; a missing scheme means https. */
    public static URI parseUrl(String url) {
        String text = url.strip();
        if (!text.contains("://")) {
            text = "https://" + text;
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            URI uri = new URI(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw CliException.usage("the monitor URL must start with http:// or https://, got '" + url + "'");
            }
            if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw CliException.usage("not a monitor URL (scheme://host[:port][/path]): '" + url + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw CliException.usage("not a URL: '" + url + "' (" + e.getReason() + ")");
        }
    }

    /** The token, or an error telling the user how to give one. */
    public String requireToken() {
        if (token == null) {
            throw CliException.usage(
                    "no API token: run 'hive connect " + url + "', or pass --token, or set HIVE_TOKEN");
        }
        return token;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}

package dev.hive.cli.config;

import java.nio.file.Path;

/**
 * The settings {@code config.properties} holds; every field may be null (or false) when not set.
 *
 * @param url the monitor's base URL
 * @param caCert a PEM file with the certificate authority to trust for the monitor's TLS certificate
 * @param insecure whether to skip TLS certificate checks
 */
public record StoredConfig(String url, Path caCert, boolean insecure) {

    /** Nothing configured. */
    public static final StoredConfig EMPTY = new StoredConfig(null, null, false);
}

/**
 * Who may use the monitor: web UI users with a role, and API tokens for the CLI and CI. Tokens are kept only
 * as SHA-256 hashes, so the database never holds a usable secret; the plaintext is shown once at creation.
 * Passwords are kept as salted Argon2id hashes (former PBKDF2 ones still verify). Web UI sessions are stored too, so a restart logs nobody out,
 * but only as SHA-256 hashes of their ids.
 */
package dev.hive.monitor.auth;

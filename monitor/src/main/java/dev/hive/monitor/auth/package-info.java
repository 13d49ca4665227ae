/**
 * Who may use the monitor: web UI users with a role, and API tokens for the CLI and CI. Tokens are kept only
 * as SHA-256 hashes, so the database never holds a usable secret; the plaintext is shown once at creation.
 * Password hashing and sessions belong to the web layer's slice and will live here too.
 */
package dev.hive.monitor.auth;

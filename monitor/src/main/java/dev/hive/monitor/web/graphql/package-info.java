/**
 * The web UI's API: the root {@code schema.graphql} served at {@code /graphql} (HTTP POST with a session
 * cookie and a CSRF header) and {@code /graphql/ws} (graphql-ws subscriptions), with graphql-java wired
 * schema-first. Exists apart from {@code web} because its audience (a browser with a login) and its security
 * rules (sessions, CSRF, roles, login throttling, query limits) differ from the Bearer-token API of the CLI.
 */
package dev.hive.monitor.web.graphql;

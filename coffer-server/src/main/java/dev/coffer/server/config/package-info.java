/**
 * Server settings. {@link CofferConfig} holds every setting with its default, read from built-in
 * defaults, the config file, {@code COFFER_*} environment variables (a secret also from
 * {@code COFFER_*_FILE}) and command-line flags, later ones winning; plans come from
 * {@code plans.*} keys or the file {@code COFFER_PLANS_FILE} names. {@link BodyPace} (how slow a
 * client may be) and {@link Retention} (how long growing records are kept) group related
 * settings. The keys are listed in docs/operations.md.
 */
package dev.coffer.server.config;

/**
 * What client commands need to talk to a server: {@link ApiClient} (JSON over HTTP, problem
 * answers turned into a {@link CliException} with its exit code), {@link ClientConfig} (server,
 * token and team, from the environment or the file {@code coffer login} writes), {@link Location}
 * (a local path, or a remote {@code VOLUME:path}), listings of remote folders and dataset
 * versions, and {@link Secrets}, which reads passwords without echo or from standard input,
 * never from the command line.
 */
package dev.coffer.cli.client;

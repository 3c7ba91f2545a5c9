/**
 * The {@code coffer} program: {@code coffer serve} runs the server, every other command is a
 * client of its HTTP API. Each command, or small group of subcommands, is a picocli class of its
 * own ({@code CpCommand}, {@code DatasetsPushCommand}, …), and all share the server, team and
 * output options of {@code ClientCommand}. A failure is one line and an exit code that tells
 * scripts "not found" from "refused" from "conflict".
 */
package dev.coffer.cli;

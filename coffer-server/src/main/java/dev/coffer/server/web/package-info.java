/**
 * The web UI: pages rendered on the server from JTE templates ({@code src/main/jte}), made live
 * with htmx and one small script, all served by Coffer itself (nothing is loaded from another
 * host, and the content security policy allows no inline script).
 *
 * <p>Pages only read, under the same access checks as the API ({@link
 * dev.coffer.server.http.PageAccess}): another team's objects are "not found" here too. Every
 * change a page makes is a request to the JSON API carrying the session's CSRF token, so it is
 * validated, authorized and audited exactly like one from the CLI.
 */
package dev.coffer.server.web;

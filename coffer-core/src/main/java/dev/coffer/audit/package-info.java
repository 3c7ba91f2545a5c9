/**
 * The audit log: who changed what, when and from where, and every access that was refused.
 *
 * <dl>
 *   <dt>Event</dt><dd>One row: time, actor, team (when the request named one), action (a stable
 *   name such as {@code files.upload}), target (the concrete path acted on), outcome and the
 *   remote address. Never a request body, a query string or a header.</dd>
 *   <dt>Actor</dt><dd>The user a valid token stood for, or {@code anonymous} when no valid token
 *   was given.</dd>
 *   <dt>Outcome</dt><dd>{@code ok} (done), {@code denied} (refused by authentication or an access
 *   check, including "not found" answers that hide another team's objects) or {@code failed}
 *   (refused for any other reason: bad input, a conflict, an error).</dd>
 * </dl>
 */
package dev.coffer.audit;

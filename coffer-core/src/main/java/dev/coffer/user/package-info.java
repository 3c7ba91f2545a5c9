/**
 * Local accounts and signing in.
 *
 * <ul>
 *   <li><b>User</b>: a local account with a unique name; an <b>operator</b> (server admin) when
 *       {@code users.is_admin} is set. Every user has a <b>Private Workspace</b>, a team of one
 *       named {@code ~NAME} ({@link dev.coffer.team.PrivateWorkspaces}).</li>
 *   <li><b>Password</b>: kept only as an Argon2id hash ({@link dev.coffer.user.Passwords}).</li>
 *   <li><b>Sign-in</b>: a name and a password, slowed and then locked after failures
 *       ({@link dev.coffer.user.Logins}, {@link dev.coffer.user.LoginPolicy}).</li>
 *   <li><b>Session</b>: what a browser holds after signing in, a cookie whose SHA-256 is stored
 *       ({@link dev.coffer.user.Sessions}). API tokens live in {@link dev.coffer.access.Tokens}.</li>
 * </ul>
 */
package dev.coffer.user;

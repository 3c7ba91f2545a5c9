/**
 * Who may do what. A request stands for a {@link Principal}: a user (personal token or web
 * session), a notebook platform (platform token, one cluster) or a running notebook (notebook
 * token, {@link NotebookTokens}). The {@link Authorizer} alone decides each {@link Action} on a
 * volume and each {@link TeamAction} on a team from the caller's {@link Role}, read afresh on every
 * decision; {@link Caller} lets a long write decide again inside its own transaction.
 */
package dev.coffer.access;

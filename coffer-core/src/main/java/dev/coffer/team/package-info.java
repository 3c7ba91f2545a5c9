/**
 * Teams and what they own. {@link Teams} keeps teams, clusters and notebooks and creates their
 * volumes on first use; {@link Members} keeps who belongs with which role (a team always keeps an
 * owner; only owners grant ownership); {@link PrivateWorkspaces} gives every user a team of one
 * named {@code ~NAME}; {@link NotebookState} is the life a notebook's platform reports, whose
 * Running state alone opens its files and tokens; {@link Names} are the rules for their names.
 */
package dev.coffer.team;

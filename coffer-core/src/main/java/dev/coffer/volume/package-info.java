/**
 * Volumes, the unit of naming, access and accounting: a team's storage on one cluster
 * ({@code /storage}) or one notebook's files ({@code /notebooks}). A {@link Volume} only says
 * which kind it is and who owns it; its files are kept by the {@code tree} package, access to it
 * is decided in {@code access}, and what it holds is counted in {@code usage}.
 */
package dev.coffer.volume;

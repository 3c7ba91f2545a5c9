/**
 * What a server tells its operators about itself: Prometheus metrics ({@code /metrics}) for
 * requests, content traffic, garbage collection, the database pools and the JVM.
 */
package dev.coffer.server.metrics;

/**
 * External data sources: a team's S3-compatible buckets (AWS S3, DigitalOcean Spaces, any
 * S3-compatible host), registered by name with the secret key held as a team secret.
 */
package dev.coffer.source;

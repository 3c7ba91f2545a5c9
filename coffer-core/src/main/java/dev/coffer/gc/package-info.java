/**
 * Maintenance of the content store. {@link GarbageCollector} removes manifests no file uses, then
 * chunks no manifest uses, only past a grace period; it plans before it deletes, and deletes rows
 * before blobs in batches that re-check their conditions, so a reference made meanwhile wins.
 * {@link Fsck} checks the store against the metadata: chunks re-hashed, manifests and dataset
 * tree nodes verified, blobs that no row names reported. See docs/design/possession-and-gc.md.
 */
package dev.coffer.gc;

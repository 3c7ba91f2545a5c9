/**
 * Moving files with the upload protocol: a file is cut into chunks and hashed here, only the
 * chunks the server lacks are sent, then the manifest is committed ({@link Uploader}; small files
 * travel in batches, {@link BatchUploader}; a whole folder, {@link TreeUploader}). Running an
 * interrupted upload again sends only what is missing. Downloads ({@link Downloader}, and
 * {@link ArchiveDownloader} for many files in one tar stream) hash what arrives and keep a file
 * only when its digest equals the server's. See docs/design/upload-protocol.md.
 */
package dev.coffer.cli.transfer;

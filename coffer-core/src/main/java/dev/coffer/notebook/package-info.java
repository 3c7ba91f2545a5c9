/** A notebook's own files that Coffer reads and writes for it: the settings file that declares its mounts. */
package dev.coffer.notebook;

/**
 * The Import screen: files to import, the running import with its progress and Cancel, the per-file
 * results and the records a file could not take.
 */
package io.prodlab.ui.imports;

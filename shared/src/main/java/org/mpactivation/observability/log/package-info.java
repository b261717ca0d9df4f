/**
 * The logging backend of every runtime: a small SLF4J 2 service provider that writes one JSON object per
 * line (the fields and order of logback's {@code JsonEncoder}, which it replaced) to standard output.
 * Starting it costs a handful of classes: no configuration file, no reflection, no regular expression, no
 * date formatting. Levels come from {@code mpactivation.log.levels} or {@code LOG_LEVELS}
 * ({@code WARN,org.mpactivation.application=ERROR}); {@link org.mpactivation.observability.log.JsonLog}
 * changes them, and where the lines go, at run time.
 */
package org.mpactivation.observability.log;

/**
 * What each request leaves behind for its operators: the context every log line carries and the
 * one closing line per request. Cloud-neutral: the entry points of each cloud open it, the
 * marketplace adapters read the request id from it.
 */
package org.mpactivation.observability;

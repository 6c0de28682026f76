/**
 * Implementation details of {@code org.adfssaml.core}: secure XML parsing, input decoding,
 * OpenSAML initialisation and XML Signature verification. Not API: anything here may change
 * in any release.
 */
package org.adfssaml.core.internal;

/** Implementation of the testkit (OpenSAML glue, certificates, PEM, metadata); not API. */
package org.adfssaml.testkit.internal;

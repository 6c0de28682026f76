/** Implementation of {@link org.adfssaml.testkit.StsEmulator}: Query protocol, XML, SigV4 verification; not API. */
package org.adfssaml.testkit.internal.sts;

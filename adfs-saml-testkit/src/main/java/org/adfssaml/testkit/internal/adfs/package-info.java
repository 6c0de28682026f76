/**
 * Internals of the AD FS emulator ({@code org.adfssaml.testkit.AdfsEmulator}): request handling and the sign-in
 * state machine, the HTML pages, the NTLMv2 verifier, the Kerberos acceptor and the throw-away TLS CA. Not API.
 */
package org.adfssaml.testkit.internal.adfs;

/**
 * The {@code adfs-saml} command-line tool: {@code login}, {@code credential-process}, {@code roles},
 * {@code inspect}, {@code configure} and {@code demo}.
 *
 * <p>Entry point: {@link org.adfssaml.cli.AdfsSamlCli}. Exit codes: 0 ok, 1 unexpected error, 2 usage,
 * 3 authentication refused, 4 SAML response invalid (malformed input included), 5 no role matches,
 * 6 STS refused. Everything else lives in {@code org.adfssaml.cli.internal} and is not API.
 */
package org.adfssaml.cli;

package org.adfssaml.provider.internal.signin;

import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * Obtains a Kerberos initiator credential for SPNEGO ({@link NegotiateScheme}) through the JDK's Krb5LoginModule, with a
 * JAAS configuration built in code (no {@code jaas.conf} file): the ticket cache of the
 * logged-in user, a principal with a keytab, or a principal with a password.
 */
public final class KerberosLogin {
    /** The SPNEGO mechanism OID. */
    public static final String SPNEGO_OID = "1.3.6.1.5.5.2";
    private static final String KRB5_MODULE = "com.sun.security.auth.module.Krb5LoginModule";

    private KerberosLogin() {
    }

    /**
     * @param principal      principal for keytab or password login, or null for the ticket cache
     * @param keytab         keytab of the principal, or null
     * @param ticketCache    ticket cache to read, or null for the default one
     * @param passwordSource password of the principal when there is no keytab, or null
     * @return an SPNEGO initiator credential
     * @throws LoginException when the login module cannot get a ticket-granting ticket
     * @throws GSSException   when the GSS credential cannot be created from it
     */
    public static GSSCredential login(String principal, Path keytab, Path ticketCache, Supplier<char[]> passwordSource)
            throws LoginException, GSSException {
        Map<String, String> options = new HashMap<>();
        options.put("refreshKrb5Config", "true");
        options.put("isInitiator", "true");
        boolean usePassword = false;
        if (keytab != null) {
            options.put("useKeyTab", "true");
            options.put("keyTab", keytab.toAbsolutePath().toString());
            options.put("principal", principal);
            options.put("storeKey", "true");
            options.put("doNotPrompt", "true");
        } else if (principal != null && passwordSource != null) {
            options.put("principal", principal);
            options.put("useTicketCache", "false");
            usePassword = true;
        } else {
            options.put("useTicketCache", "true");
            options.put("doNotPrompt", "true");
            if (ticketCache != null) {
                options.put("ticketCache", ticketCache.toAbsolutePath().toString());
            }
            if (principal != null) {
                options.put("principal", principal);
            }
        }
        Configuration conf = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {
                    new AppConfigurationEntry(KRB5_MODULE, AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)
                };
            }
        };
        boolean withPassword = usePassword;
        LoginContext lc = new LoginContext("adfs-saml", new Subject(), callbacks -> {
            for (Callback cb : callbacks) {
                if (cb instanceof NameCallback n) {
                    n.setName(principal);
                } else if (cb instanceof PasswordCallback p && withPassword) {
                    char[] pw = passwordSource.get();
                    if (pw == null) {
                        throw new UnsupportedCallbackException(cb, "the password source returned no password");
                    }
                    try {
                        p.setPassword(pw);
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                } else {
                    throw new UnsupportedCallbackException(cb, "no interactive Kerberos prompt");
                }
            }
        }, conf);
        lc.login();
        Subject subject = lc.getSubject();
        try {
            @SuppressWarnings("removal")
            GSSCredential cred = Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () ->
                    GSSManager.getInstance().createCredential(null, GSSCredential.DEFAULT_LIFETIME, new Oid(SPNEGO_OID),
                            GSSCredential.INITIATE_ONLY));
            return cred;
        } catch (java.security.PrivilegedActionException e) {
            if (e.getException() instanceof GSSException g) {
                throw g;
            }
            throw new IllegalStateException("Unexpected error creating the Kerberos credential", e.getException());
        }
    }
}

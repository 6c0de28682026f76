package org.adfssaml.testkit.internal.adfs;

import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * Accepts SPNEGO / Kerberos tokens with JDK GSS, using the service key from a keytab (no KDC round trip: the
 * acceptor only decrypts the ticket). Needs {@code java.security.krb5.conf} (or a default realm) for the realm.
 */
public final class KerberosAcceptor {

    private static final String KRB5_OID = "1.2.840.113554.1.2.2";
    private static final String SPNEGO_OID = "1.3.6.1.5.5.2";

    private final Subject subject;
    private final String servicePrincipal;

    private KerberosAcceptor(Subject subject, String servicePrincipal) {
        this.subject = subject;
        this.servicePrincipal = servicePrincipal;
    }

    /** Logs the service principal in from the keytab (acceptor only). */
    public static KerberosAcceptor login(Path keytab, String servicePrincipal) {
        Map<String, String> options = new HashMap<>();
        options.put("useKeyTab", "true");
        options.put("keyTab", keytab.toAbsolutePath().toString());
        options.put("principal", servicePrincipal);
        options.put("storeKey", "true");
        options.put("doNotPrompt", "true");
        options.put("isInitiator", "false");
        options.put("refreshKrb5Config", "true");
        Configuration config = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        try {
            Subject subject = new Subject();
            LoginContext login = new LoginContext("adfs-emulator", subject, callbacks -> {
                throw new javax.security.auth.callback.UnsupportedCallbackException(callbacks[0],
                        "the AD FS emulator reads its key from the keytab only");
            }, config);
            login.login();
            return new KerberosAcceptor(subject, servicePrincipal);
        } catch (LoginException e) {
            throw new IllegalStateException("could not load the key of " + servicePrincipal + " from keytab "
                    + keytab + ": " + e.getMessage(), e);
        }
    }

    /** The result of one accept step. */
    public record Result(boolean established, Optional<String> clientPrincipal, Optional<byte[]> outputToken,
                         Optional<String> error) {
    }

    /** Accepts one token (SPNEGO or raw Kerberos). Single-leg: Kerberos completes in one step. */
    public Result accept(byte[] token) {
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<Result>) () -> {
                GSSManager manager = GSSManager.getInstance();
                GSSCredential credential = manager.createCredential(null, GSSCredential.INDEFINITE_LIFETIME,
                        new Oid[] {new Oid(SPNEGO_OID), new Oid(KRB5_OID)}, GSSCredential.ACCEPT_ONLY);
                GSSContext context = manager.createContext(credential);
                try {
                    byte[] out = context.acceptSecContext(token, 0, token.length);
                    if (!context.isEstablished()) {
                        return new Result(false, Optional.empty(), Optional.ofNullable(out),
                                Optional.of("the security context needs another leg, which the emulator does not"
                                        + " support"));
                    }
                    return new Result(true, Optional.of(context.getSrcName().toString()),
                            Optional.ofNullable(out), Optional.empty());
                } finally {
                    context.dispose();
                }
            });
        } catch (PrivilegedActionException e) {
            Throwable cause = e.getCause();
            String message = cause instanceof GSSException g ? g.getMajorString() + " / " + g.getMinorString()
                    : String.valueOf(cause);
            return new Result(false, Optional.empty(), Optional.empty(), Optional.of(message));
        }
    }

    /** The service principal this acceptor holds the key of. */
    public String servicePrincipal() {
        return servicePrincipal;
    }
}

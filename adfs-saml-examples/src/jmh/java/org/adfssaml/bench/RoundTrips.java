package org.adfssaml.bench;

import java.util.List;
import java.util.stream.Collectors;
import org.adfssaml.provider.AdfsSignIn;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.AdfsUser;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.RequestLog;
import org.adfssaml.testkit.TestIdp;

/**
 * HTTP requests one forms sign-in makes, for each AD FS page style, read from the AD FS emulator's
 * {@link RequestLog}, against the minimum the page flow allows. Prints a Markdown table.
 *
 * <p>{@code java -cp benchmarks.jar org.adfssaml.bench.RoundTrips}
 */
public final class RoundTrips {

    private RoundTrips() {
    }

    /**
     * Signs in once per page style and prints the requests.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        TestIdp idp = TestIdp.generate();
        System.out.println("| page style | requests | GET | POST | of which follow a 302 | minimum | requests in order "
                + "(method path -> emulator outcome) |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (PageStyle style : PageStyle.values()) {
            try (AdfsEmulator adfs = AdfsEmulator.builder().idp(idp).pageStyle(style)
                    .user(AdfsUser.builder(EmulatorLauncher.USER).password(EmulatorLauncher.PASSWORD)
                            .roles(EmulatorLauncher.ROLES).build())
                    .build().start()) {
                AdfsSignIn signIn = AdfsSignIn.builder().idpUrl(adfs.signOnUrl()).username(EmulatorLauncher.USER)
                        .passwordSource(EmulatorLauncher.PASSWORD::toCharArray).trustStore(adfs.trustStore()).build();
                if (signIn.signIn().roles().size() != EmulatorLauncher.ROLES.length) {
                    throw new IllegalStateException("sign-in with " + style + " did not return every role");
                }
                List<RequestLog.Entry> entries = adfs.requestLog().entries();
                long gets = entries.stream().filter(e -> "GET".equalsIgnoreCase(e.method())).count();
                long posts = entries.stream().filter(RequestLog.Entry::isPost).count();
                long redirected = 0;
                for (int i = 1; i < entries.size(); i++) {
                    redirected += entries.get(i - 1).status() / 100 == 3 ? 1 : 0;
                }
                String order = entries.stream().map(e -> e.method() + " " + e.path() + " -> " + e.outcome())
                        .collect(Collectors.joining("; "));
                System.out.println("| " + style + " | " + entries.size() + " | " + gets + " | " + posts + " | " + redirected
                        + " | " + minimum(style) + " | " + order + " |");
            }
        }
    }

    /**
     * The fewest requests a client could make if AD FS answered the credential POST with the SAMLResponse page
     * directly: the GET of the sign-in page and the POST of the credentials; the paginated page needs a second POST
     * (user name, then password); AD FS 2.0's sign-on URL redirects once first. AD FS (and the emulator) answer
     * the successful credential POST with a 302 that sets its MSISAuth cookies, so one more GET is unavoidable.
     */
    static String minimum(PageStyle style) {
        return switch (style) {
            case ADFS_2019_PAGINATED -> "3 (GET, POST user, POST password)";
            case ADFS_2_0 -> "3 (GET, redirect GET, POST)";
            default -> "2 (GET, POST)";
        };
    }
}

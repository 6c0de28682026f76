package org.adfssaml.testkit.internal.adfs;

import java.util.List;
import org.adfssaml.testkit.MfaKind;
import org.adfssaml.testkit.PageStyle;

/**
 * The emulator's HTML. Written for this project: it keeps the element ids, form ids, field names and flow of
 * real AD FS pages (what clients depend on), not their markup or scripts.
 */
public final class Pages {

    /** A relying party offered by the picker page. */
    public record RelyingParty(String identifier, String displayName) {
    }

    private final String organization;

    /** @param organization the name shown in the page header */
    public Pages(String organization) {
        this.organization = organization;
    }

    /** Escapes text for an HTML element body or a double-quoted attribute. */
    public static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean modern(PageStyle style) {
        return style != PageStyle.ADFS_3_0 && style != PageStyle.ADFS_2_0;
    }

    private String shell(PageStyle style, String title, String work) {
        boolean modern = modern(style);
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n")
                .append("  <meta charset=\"UTF-8\">\n")
                .append("  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n")
                .append("  <meta http-equiv=\"cache-control\" content=\"no-cache,no-store\">\n")
                .append("  <title>").append(esc(title)).append("</title>\n</head>\n")
                .append("<body dir=\"ltr\" class=\"body\">\n<div id=\"fullPage\">\n")
                .append("  <div id=\"brandingWrapper\" class=\"float\"><div id=\"branding\"></div></div>\n")
                .append("  <div id=\"contentWrapper\" class=\"float\">\n  <div id=\"content\">\n")
                .append("    <div id=\"header\">").append(esc(organization)).append("</div>\n");
        sb.append(modern ? "    <main>\n" : "");
        sb.append("    <div id=\"workArea\">\n").append(work).append("    </div>\n");
        sb.append(modern ? "    </main>\n" : "");
        sb.append("    <div id=\"footerPlaceholder\"></div>\n  </div>\n");
        sb.append(modern ? "  <footer id=\"footer\">" : "  <div id=\"footer\">")
                .append("<div id=\"footerLinks\" class=\"floatReverse\"><span id=\"copyright\">AD FS emulator"
                        + " (adfs-saml testkit)</span></div>")
                .append(modern ? "</footer>\n" : "</div>\n");
        sb.append("  </div>\n</div>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static String errorBlock(PageStyle style, String errorText) {
        String hidden = errorText == null || errorText.isEmpty() ? " style=\"display:none\"" : "";
        if (modern(style)) {
            return "      <div id=\"error\" class=\"fieldMargin error smallText\"" + hidden + ">"
                    + "<span id=\"errorText\" aria-live=\"assertive\" role=\"alert\">" + esc(errorText)
                    + "</span></div>\n";
        }
        return "      <div id=\"error\" class=\"fieldMargin error smallText\"" + hidden + ">"
                + "<label id=\"errorText\" for=\"\">" + esc(errorText) + "</label></div>\n";
    }

    private static String optionsForm(PageStyle style, String action, String userName) {
        StringBuilder sb = new StringBuilder();
        sb.append("    <div id=\"authOptions\">\n")
                .append("      <form id=\"options\" method=\"post\" action=\"").append(esc(action)).append("\">\n")
                .append("        <input id=\"optionSelection\" type=\"hidden\" name=\"AuthMethod\">\n");
        if (modern(style)) {
            // AD FS 2016+ keeps the typed user name here too: posting this form's fields with the login form's
            // fields makes AD FS reject the request with "Duplicate post parameter".
            sb.append("        <input id=\"userNameInputOptionsHolder\" name=\"UserName\" type=\"hidden\" value=\"")
                    .append(esc(userName)).append("\">\n")
                    .append("        <div id=\"authOptionLinks\" class=\"groupMargin\"><a class=\"actionLink\""
                            + " href=\"#\" id=\"CertificateAuthentication\">Sign in using a certificate</a></div>\n");
        }
        sb.append("      </form>\n    </div>\n");
        return sb.toString();
    }

    /** The one-page forms sign-in page of AD FS 3.0 / 2016 / 2019. */
    public String signIn(PageStyle style, String action, String userName, String errorText) {
        String work = "    <div id=\"authArea\" class=\"groupMargin\">\n    <div id=\"loginArea\">\n"
                + "      <div id=\"loginMessage\" class=\"groupMargin\">Sign in with your organizational account"
                + "</div>\n"
                + "      <form method=\"post\" id=\"loginForm\" autocomplete=\"off\" novalidate=\"novalidate\""
                + " action=\"" + esc(action) + "\">\n"
                + errorBlock(style, errorText)
                + "      <div id=\"formsAuthenticationArea\">\n"
                + "        <div id=\"userNameArea\"><input id=\"userNameInput\" name=\"UserName\" type=\"email\""
                + " value=\"" + esc(userName) + "\" class=\"text fullWidth\" placeholder=\"someone@example.com\""
                + " autocomplete=\"off\"></div>\n"
                + "        <div id=\"passwordArea\"><input id=\"passwordInput\" name=\"Password\" type=\"password\""
                + " class=\"text fullWidth\" placeholder=\"Password\" autocomplete=\"off\"></div>\n"
                + "        <div id=\"kmsiArea\" style=\"display:none\"><input type=\"checkbox\" name=\"Kmsi\""
                + " id=\"kmsiInput\" value=\"true\"><label for=\"kmsiInput\">Keep me signed in</label></div>\n"
                + "        <div id=\"submissionArea\" class=\"submitMargin\"><span id=\"submitButton\""
                + " class=\"submit\" role=\"button\">Sign in</span></div>\n"
                + "      </div>\n"
                + "      <input id=\"optionForms\" type=\"hidden\" name=\"AuthMethod\" value=\"FormsAuthentication\">\n"
                + "      </form>\n"
                + optionsForm(style, action, userName)
                + "    </div>\n    </div>\n";
        return shell(style, "Sign In", work);
    }

    /** AD FS 2019 paginated sign-in: the user name page. */
    public String paginatedUserName(String action, String userName, String errorText) {
        String work = "    <div id=\"authArea\" class=\"groupMargin\">\n    <div id=\"loginArea\">\n"
                + "      <div id=\"loginMessage\" class=\"groupMargin\">Sign in</div>\n"
                + "      <form method=\"post\" id=\"loginFormPaginated\" autocomplete=\"off\" novalidate=\"novalidate\""
                + " action=\"" + esc(action) + "\">\n"
                + errorBlock(PageStyle.ADFS_2019_PAGINATED, errorText)
                + "      <div id=\"formsAuthenticationArea\">\n"
                + "        <div id=\"userNameArea\"><input id=\"userNameInput\" name=\"UserName\" type=\"email\""
                + " value=\"" + esc(userName) + "\" class=\"text fullWidth\" placeholder=\"someone@example.com\""
                + " autocomplete=\"off\"></div>\n"
                + "        <div id=\"submissionArea\" class=\"submitMargin\"><span id=\"nextButton\""
                + " class=\"submit\" role=\"button\">Next</span></div>\n"
                + "      </div>\n"
                + "      <input id=\"optionForms\" type=\"hidden\" name=\"AuthMethod\" value=\"FormsAuthentication\">\n"
                + "      </form>\n"
                + optionsForm(PageStyle.ADFS_2019_PAGINATED, action, userName)
                + "    </div>\n    </div>\n";
        return shell(PageStyle.ADFS_2019_PAGINATED, "Sign In", work);
    }

    /** AD FS 2019 paginated sign-in: the password page (user name kept as a hidden field). */
    public String paginatedPassword(String action, String userName, String errorText) {
        String work = "    <div id=\"authArea\" class=\"groupMargin\">\n    <div id=\"loginArea\">\n"
                + "      <div id=\"loginMessage\" class=\"groupMargin\">Enter password</div>\n"
                + "      <div id=\"userNameDisplay\" class=\"groupMargin\">" + esc(userName) + "</div>\n"
                + "      <form method=\"post\" id=\"loginFormPaginated\" autocomplete=\"off\" novalidate=\"novalidate\""
                + " action=\"" + esc(action) + "\">\n"
                + errorBlock(PageStyle.ADFS_2019_PAGINATED, errorText)
                + "      <div id=\"formsAuthenticationArea\">\n"
                + "        <input id=\"userNameInput\" name=\"UserName\" type=\"hidden\" value=\"" + esc(userName)
                + "\">\n"
                + "        <div id=\"passwordArea\"><input id=\"passwordInput\" name=\"Password\" type=\"password\""
                + " class=\"text fullWidth\" placeholder=\"Password\" autocomplete=\"off\"></div>\n"
                + "        <div id=\"kmsiArea\" style=\"display:none\"><input type=\"checkbox\" name=\"Kmsi\""
                + " id=\"kmsiInput\" value=\"true\"><label for=\"kmsiInput\">Keep me signed in</label></div>\n"
                + "        <div id=\"submissionArea\" class=\"submitMargin\"><span id=\"submitButton\""
                + " class=\"submit\" role=\"button\">Sign in</span></div>\n"
                + "      </div>\n"
                + "      <input id=\"optionForms\" type=\"hidden\" name=\"AuthMethod\" value=\"FormsAuthentication\">\n"
                + "      </form>\n"
                + optionsForm(PageStyle.ADFS_2019_PAGINATED, action, userName)
                + "    </div>\n    </div>\n";
        return shell(PageStyle.ADFS_2019_PAGINATED, "Sign In", work);
    }

    /** AD FS 2.0's ASP.NET forms sign-in page. */
    public String aspNet(String action, String viewState, String eventValidation, String errorText) {
        String error = errorText == null || errorText.isEmpty() ? ""
                : "<span id=\"ctl00_ContentPlaceHolder1_ErrorTextLabel\">" + esc(errorText) + "</span>";
        return "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" dir=\"ltr\">\n<head><title>Sign In"
                + "</title></head>\n<body>\n"
                + "<form name=\"aspnetForm\" method=\"post\" action=\"" + esc(action) + "\" id=\"aspnetForm\">\n"
                + "<input type=\"hidden\" name=\"__VIEWSTATE\" id=\"__VIEWSTATE\" value=\"" + esc(viewState) + "\">\n"
                + "<input type=\"hidden\" name=\"__VIEWSTATEGENERATOR\" id=\"__VIEWSTATEGENERATOR\" value=\"1A2B3C4D\">\n"
                + "<input type=\"hidden\" name=\"__EVENTVALIDATION\" id=\"__EVENTVALIDATION\" value=\""
                + esc(eventValidation) + "\">\n"
                + "<input type=\"hidden\" name=\"__db\" value=\"15\">\n"
                + "<div class=\"MainArea\">\n"
                + "  <div class=\"Header\"><span id=\"ctl00_PageTitleLabel\">Sign In</span></div>\n"
                + "  <div class=\"GroupLargeMargin\"><span id=\"ctl00_STSLabel\">" + esc(organization) + "</span></div>\n"
                + "  <div class=\"MainActionContainer\">\n"
                + "    <p>Type your user name and password.</p>\n"
                + "    <table class=\"UsernamePasswordTable\">\n"
                + "      <tr><td>User name:</td><td><input name=\"ctl00$ContentPlaceHolder1$UsernameTextBox\""
                + " type=\"text\" id=\"ctl00_ContentPlaceHolder1_UsernameTextBox\" autocomplete=\"off\"></td>"
                + "<td>Example: Domain\\username</td></tr>\n"
                + "      <tr><td>Password:</td><td><input name=\"ctl00$ContentPlaceHolder1$PasswordTextBox\""
                + " type=\"password\" id=\"ctl00_ContentPlaceHolder1_PasswordTextBox\" autocomplete=\"off\"></td>"
                + "<td></td></tr>\n"
                + "      <tr><td></td><td class=\"TextSizeSmall TextColorError\">" + error + "</td><td></td></tr>\n"
                + "      <tr><td></td><td><input type=\"submit\" name=\"ctl00$ContentPlaceHolder1$SubmitButton\""
                + " value=\"Sign In\" id=\"ctl00_ContentPlaceHolder1_SubmitButton\"></td><td></td></tr>\n"
                + "    </table>\n  </div>\n</div>\n</form>\n</body>\n</html>\n";
    }

    /** The IdpInitiatedSignOn page without {@code loginToRp}: sign in here or pick a relying party. */
    public String relyingPartyPicker(PageStyle style, String action, List<RelyingParty> parties, String status) {
        StringBuilder options = new StringBuilder();
        for (RelyingParty rp : parties) {
            options.append("          <option value=\"").append(esc(rp.identifier())).append("\">")
                    .append(esc(rp.displayName())).append("</option>\n");
        }
        String work = "    <div id=\"openingMessage\" class=\"groupMargin\">Sign in to one of the following"
                + " sites:</div>\n"
                + "    <form id=\"idp_SignInForm\" method=\"post\" action=\"" + esc(action) + "\">\n"
                + "      <div id=\"idp_SignInThisSiteStatus\" class=\"groupMargin\">" + esc(status) + "</div>\n"
                + "      <div><input id=\"idp_ThisRpRadioButton\" type=\"radio\" name=\"SignInOtherSite\""
                + " value=\"SignInThisSite\" checked=\"checked\"><label for=\"idp_ThisRpRadioButton\">Sign in to"
                + " this site.</label></div>\n"
                + "      <div><input id=\"idp_OtherRpRadioButton\" type=\"radio\" name=\"SignInOtherSite\""
                + " value=\"SignInOtherSite\"><label for=\"idp_OtherRpRadioButton\">Sign in to one of the"
                + " following sites:</label></div>\n"
                + "      <div id=\"idp_RelyingPartyDropDownListArea\">\n"
                + "        <select id=\"idp_RelyingPartyDropDownList\" name=\"RelyingParty\">\n" + options
                + "        </select>\n      </div>\n"
                + "      <div id=\"idp_SignInButtonArea\" class=\"submitMargin\"><input id=\"idp_SignInButton\""
                + " type=\"submit\" name=\"SignInSubmit\" value=\"Sign in\"></div>\n"
                + "    </form>\n";
        return shell(style, "Sign In", work);
    }

    /** A second-factor page. */
    public String mfa(PageStyle style, MfaKind kind, String action, String context, String userName,
                      String errorText, String entropyNumber, int polls) {
        String hiddenFields = "        <input id=\"authMethod\" type=\"hidden\" name=\"AuthMethod\" value=\""
                + esc(kind.authMethod()) + "\">\n"
                + "        <input id=\"context\" type=\"hidden\" name=\"Context\" value=\"" + esc(context) + "\">\n";
        String greeting = "      <div id=\"mfaGreetingDescription\" class=\"fieldMargin bigText\">Welcome "
                + esc(userName) + "</div>\n"
                + "      <div class=\"groupMargin\">For security reasons, we require additional information to"
                + " verify your account</div>\n";
        String error = "        <div class=\"fieldMargin error smallText\">" + errorElement(style, errorText)
                + "</div>\n";
        String form;
        String title;
        switch (kind) {
            case AZURE_MFA_CODE -> {
                title = "Multi-Factor Authentication";
                form = "      <form method=\"post\" id=\"loginForm\" autocomplete=\"off\" action=\"" + esc(action)
                        + "\">\n" + hiddenFields + error
                        + "        <div id=\"verificationCodeArea\"><input id=\"verificationCodeInput\""
                        + " name=\"VerificationCode\" type=\"text\" autocomplete=\"off\" class=\"text fullWidth\""
                        + " placeholder=\"Verification code\"></div>\n"
                        + "        <div class=\"submitMargin\"><input id=\"signInButton\" type=\"submit\""
                        + " name=\"SignIn\" value=\"Sign in\"></div>\n"
                        + "      </form>\n";
            }
            case AZURE_MFA_PUSH -> {
                title = "Multi-Factor Authentication";
                form = "      <form method=\"post\" id=\"loginForm\" autocomplete=\"off\" action=\"" + esc(action)
                        + "\">\n" + hiddenFields + error
                        + "        <div id=\"pushInstructions\" class=\"groupMargin\">Open your Authenticator app,"
                        + " and enter the number shown to sign in.</div>\n"
                        + "        <div id=\"validEntropyNumber\" class=\"bigText\">" + esc(entropyNumber)
                        + "</div>\n"
                        + "        <div id=\"pollStatus\" data-polls=\"" + polls + "\">Waiting for approval ("
                        + polls + " checks so far).</div>\n"
                        + "      </form>\n"
                        // Polls by re-posting the same form, as the real adapter's script does.
                        + "      <script>window.setTimeout(function () { document.forms['loginForm'].submit(); },"
                        + " 2000);</script>\n";
            }
            case VIP -> {
                title = "Symantec VIP Authentication";
                form = "      <form method=\"post\" id=\"vipForm\" autocomplete=\"off\" action=\"" + esc(action)
                        + "\">\n" + hiddenFields + error
                        + "        <div class=\"groupMargin\">Enter the security code from your VIP credential."
                        + "</div>\n"
                        + "        <div><input id=\"securityCodeInput\" name=\"SecurityCode\" type=\"text\""
                        + " autocomplete=\"off\" class=\"text fullWidth\" placeholder=\"Security code\"></div>\n"
                        + "        <div class=\"submitMargin\"><input id=\"submitButton\" type=\"submit\""
                        + " name=\"Submit\" value=\"Submit\"></div>\n"
                        + "      </form>\n";
            }
            case RSA_SECURID -> {
                title = "RSA SecurID Authentication";
                form = "      <form method=\"post\" id=\"passcodeForm\" autocomplete=\"off\">\n" + hiddenFields
                        + "        <div class=\"groupMargin\">Enter your RSA SecurID passcode.</div>\n" + error
                        + "        <div><input id=\"passcodeInput\" name=\"Passcode\" type=\"password\" value=\"\""
                        + " class=\"text fullWidth\" placeholder=\"Passcode\" autocomplete=\"off\"></div>\n"
                        + "        <div class=\"submitMargin\"><input id=\"submitButton\" type=\"submit\""
                        + " name=\"Submit\" value=\"Submit\"></div>\n"
                        + "      </form>\n";
            }
            case DUO -> {
                title = "Duo Security";
                form = "      <input type=\"hidden\" name=\"duo_host\" id=\"duo_host\" value=\"api-emulator.duosecurity.test\">\n"
                        + "      <input type=\"hidden\" name=\"duo_sig_request\" id=\"duo_sig_request\""
                        + " value=\"TX|" + esc(context.substring(0, Math.min(24, context.length())))
                        + "|emulator:APP|emulator\">\n"
                        + "      <form method=\"post\" id=\"duo_form\">\n" + hiddenFields + "      </form>\n"
                        + "      <iframe id=\"duo_iframe\" title=\"Duo\"></iframe>\n";
            }
            default -> throw new IllegalArgumentException("unknown MFA kind " + kind);
        }
        String work = "    <div id=\"authArea\" class=\"groupMargin\">\n" + greeting
                + "      <div class=\"groupMargin\"><div id=\"loginArea\">\n" + form + "      </div></div>\n"
                + optionsForm(PageStyle.ADFS_3_0, action, "")
                + "    </div>\n";
        return shell(style == PageStyle.ADFS_2_0 ? PageStyle.ADFS_3_0 : style, title, work);
    }

    private static String errorElement(PageStyle style, String errorText) {
        return modern(style)
                ? "<span id=\"errorText\" aria-live=\"assertive\" role=\"alert\">" + esc(errorText) + "</span>"
                : "<label id=\"errorText\" for=\"\">" + esc(errorText) + "</label>";
    }

    /** AD FS's error page ("An error occurred"), with the error details AD FS shows. */
    public String errorPage(PageStyle style, String details, String activityId, String timestamp) {
        String work = "    <div id=\"errorArea\">\n"
                + "      <div id=\"openingMessage\" class=\"groupMargin bigText\">An error occurred</div>\n"
                + "      <div id=\"errorMessage\" class=\"groupMargin\">An error occurred. Contact your administrator"
                + " for more information.</div>\n"
                + "      <div id=\"diagnosticInfo\" class=\"groupMargin\">\n"
                + "        <div id=\"errorDetailsHeader\">Error details</div>\n"
                + "        <ul id=\"errorDetails\">\n"
                + "          <li><span class=\"detailLabel\">Activity ID:</span> <span id=\"activityId\">"
                + esc(activityId) + "</span></li>\n"
                + "          <li><span class=\"detailLabel\">Error time:</span> <span id=\"errorTime\">"
                + esc(timestamp) + "</span></li>\n"
                + "          <li><span class=\"detailLabel\">Error details:</span> <span id=\"errorDetailsText\">"
                + esc(details) + "</span></li>\n"
                + "        </ul>\n      </div>\n    </div>\n";
        return shell(style == PageStyle.ADFS_2_0 ? PageStyle.ADFS_3_0 : style, "Sign In", work);
    }

    /** The "Working..." page that posts the SAMLResponse to the relying party. */
    public static String autoPost(String acsUrl, String samlResponse) {
        return "<html><head><title>Working...</title></head><body>"
                + "<form method=\"POST\" name=\"hiddenform\" action=\"" + esc(acsUrl) + "\">"
                + "<input type=\"hidden\" name=\"SAMLResponse\" value=\"" + esc(samlResponse) + "\" />"
                + "<noscript><p>Script is disabled. Click Submit to continue.</p>"
                + "<input type=\"submit\" value=\"Submit\" /></noscript></form>"
                + "<script>window.setTimeout(function () { document.forms[0].submit(); }, 0);</script>"
                + "</body></html>";
    }

    /** The body sent with a 401 Negotiate / NTLM challenge. */
    public static String unauthorized() {
        return "<html><head><title>401 - Unauthorized</title></head><body><h1>Unauthorized</h1>"
                + "<p>Windows integrated authentication is required.</p></body></html>";
    }
}

package org.adfssaml.testkit;

/**
 * The texts the {@link AdfsEmulator} puts into {@code #errorText} (and AD FS 2.0's
 * {@code #ctl00_ContentPlaceHolder1_ErrorTextLabel}), so tests can assert on the exact message a client
 * reports.
 *
 * <p>{@link #WRONG_PASSWORD} is AD FS 3.0+'s own text (as captured in public client test suites). The lockout and
 * disabled texts follow what AD FS shows for those account states; deployments can customise all of them, so
 * clients should report whatever {@code #errorText} says rather than match these strings.
 */
public final class AdfsErrorTexts {

    /** Wrong user name or password. */
    public static final String WRONG_PASSWORD =
            "Incorrect user ID or password. Type the correct user ID and password, and try again.";
    /** The account is locked out (in AD, or by AD FS extranet lockout). */
    public static final String ACCOUNT_LOCKED =
            "Your account has been locked. Please contact your administrator.";
    /** The account is disabled in AD. */
    public static final String ACCOUNT_DISABLED =
            "Your account has been disabled. Please contact your administrator.";
    /** The paginated user name page was posted without a user name. */
    public static final String ENTER_USER_NAME = "Enter your user ID in the format \"domain\\user\" or \"user@domain\".";
    /** A wrong or empty MFA verification code, security code or passcode. */
    public static final String WRONG_MFA_CODE = "The code you entered is not valid. Try again.";
    /** The user denied the push notification. */
    public static final String PUSH_DENIED = "The sign-in request was denied on the mobile device.";
    /** Error details of the "Duplicate post parameter" error page; {@code %s} is the field name. */
    public static final String DUPLICATE_POST_PARAMETER = "Duplicate post parameter \"%s\".";

    private AdfsErrorTexts() {
    }
}

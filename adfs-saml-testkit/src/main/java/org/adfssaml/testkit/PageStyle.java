package org.adfssaml.testkit;

/**
 * Which AD FS release the {@link AdfsEmulator}'s forms sign-in pages imitate.
 *
 * <p>Each style reproduces the form ids, field names, error element and flow of the real pages of that release
 * (the markup itself is the emulator's own).
 */
public enum PageStyle {
    /**
     * AD FS 2.0 (Windows Server 2008 R2): the sign-on URL redirects to {@code /adfs/ls/?SAMLRequest=...}, which
     * serves an ASP.NET page with {@code form#aspnetForm}, {@code __VIEWSTATE}, {@code __EVENTVALIDATION},
     * {@code __db} and the {@code ctl00$ContentPlaceHolder1$UsernameTextBox} / {@code PasswordTextBox} /
     * {@code SubmitButton} fields; errors appear in {@code span#ctl00_ContentPlaceHolder1_ErrorTextLabel}.
     */
    ADFS_2_0,
    /**
     * AD FS 3.0 (Windows Server 2012 R2): {@code form#loginForm} with {@code UserName}, {@code Password},
     * {@code Kmsi} and hidden {@code AuthMethod=FormsAuthentication}, error in {@code label#errorText}, and
     * {@code form#options} with a hidden {@code AuthMethod}.
     */
    ADFS_3_0,
    /**
     * AD FS 2016: like {@link #ADFS_3_0} inside a {@code <main>} layout, error in {@code span#errorText}, and
     * {@code form#options} also carries a hidden {@code UserName} ({@code #userNameInputOptionsHolder}): posting
     * both forms' fields together yields the "Duplicate post parameter" error page.
     */
    ADFS_2016,
    /** AD FS 2019 with the classic one-page sign-in: the same structure as {@link #ADFS_2016}. */
    ADFS_2019,
    /**
     * AD FS 2019 with the paginated sign-in: {@code form#loginFormPaginated} asks for {@code UserName} first,
     * then a second page (same form id, {@code UserName} kept as a hidden field) asks for {@code Password}.
     */
    ADFS_2019_PAGINATED
}

package org.adfssaml.testkit.adfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.adfs.WebClient.Form;
import org.adfssaml.testkit.adfs.WebClient.Page;

/** Walks the sign-in pages of each style by hand, the way a scripted client does. */
final class Walk {

    private Walk() {
    }

    /** GETs the sign-on URL (following AD FS 2.0's redirect) and returns the sign-in page. */
    static Page signInPage(WebClient client, AdfsEmulator adfs) {
        Page page = client.get(adfs.signOnUrl());
        if (adfs.pageStyle() == PageStyle.ADFS_2_0) {
            assertThat(page.status()).isEqualTo(302);
            assertThat(page.header("Location").orElseThrow()).startsWith("/adfs/ls/?SAMLRequest=");
            page = client.follow(page);
        }
        assertThat(page.status()).isEqualTo(200);
        return page;
    }

    /** Fills and posts the sign-in form(s) of the page's style; returns the answer to the password post. */
    static Page postCredentials(WebClient client, AdfsEmulator adfs, Page signIn, String user, String password) {
        switch (adfs.pageStyle()) {
            case ADFS_2_0 -> {
                Form form = signIn.form("form#aspnetForm")
                        .set("ctl00$ContentPlaceHolder1$UsernameTextBox", user)
                        .set("ctl00$ContentPlaceHolder1$PasswordTextBox", password);
                return client.submit(form);
            }
            case ADFS_2019_PAGINATED -> {
                Page passwordPage = client.submit(signIn.form("form#loginFormPaginated").set("UserName", user));
                assertThat(passwordPage.status()).isEqualTo(200);
                assertThat(passwordPage.doc().select("form#loginFormPaginated input[name=Password]")).hasSize(1);
                return client.submit(passwordPage.form("form#loginFormPaginated").set("Password", password));
            }
            default -> {
                return client.submit(signIn.form("form#loginForm").set("UserName", user).set("Password", password));
            }
        }
    }

    /** The SAMLResponse value of an auto-post page. */
    static String samlResponse(Page page) {
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.doc().select("form[name=hiddenform]").attr("action"))
                .isEqualTo("https://signin.aws.amazon.com/saml");
        return page.doc().select("form[name=hiddenform] input[name=SAMLResponse]").attr("value");
    }

    /** The error text of a refused sign-in, wherever the style shows it. */
    static String errorText(Page page, PageStyle style) {
        return page.text(style == PageStyle.ADFS_2_0 ? "#ctl00_ContentPlaceHolder1_ErrorTextLabel" : "#errorText");
    }
}

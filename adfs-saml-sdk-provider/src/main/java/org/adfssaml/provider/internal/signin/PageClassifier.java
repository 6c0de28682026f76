package org.adfssaml.provider.internal.signin;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.jsoup.select.Elements;

/**
 * Classifies an IdP page: a pure function of the page URL and its HTML. Decides what kind of
 * page it is and which form, with which fields, the client would post.
 */
public final class PageClassifier {

    /** AD FS primary authentication methods: not second factors. */
    private static final Set<String> PRIMARY_METHODS = Set.of(
            "formsauthentication", "windowsauthentication", "certificateauthentication",
            "microsoftpassportauthentication", "devicecertificateauthentication");

    /** MFA adapters whose code-entry page the client drives. */
    private static final Set<String> CODE_ADAPTERS = Set.of(
            "azuremfaauthentication", "azuremfaserverauthentication", "vipauthenticationproviderupn",
            "securidauthentication");

    /** MFA adapters whose push / number-match page the client drives by polling. */
    private static final Set<String> PUSH_ADAPTERS = Set.of("azuremfaauthentication", "azuremfaserverauthentication");

    /** Field names one-time codes are posted in. */
    private static final List<String> CODE_FIELDS = List.of("VerificationCode", "OathCode", "Passcode", "SecurityCode");

    private static final List<String> GENERIC_USERNAME_NAMES = List.of(
            "username", "j_username", "login", "user", "email", "userid", "user_id", "loginname", "upn");

    private static final String ASPNET_USER = "ctl00$ContentPlaceHolder1$UsernameTextBox";
    private static final String ASPNET_PASSWORD = "ctl00$ContentPlaceHolder1$PasswordTextBox";

    /** A sign-in page in AD FS's shape, for {@link #prepare()}: a form, hidden fields, a script, an entity. */
    private static final String WARM_UP_PAGE = "<!DOCTYPE html><html><head><title>Sign In</title>"
            + "<script>var x = 1 &amp;&amp; 2;</script></head><body><div id=\"error\"><span id=\"errorText\"></span></div>"
            + "<form method=\"post\" id=\"loginForm\" action=\"/adfs/ls/?client-request-id=1&amp;pullStatus=0\">"
            + "<input id=\"userNameInput\" name=\"UserName\" type=\"email\" value=\"\">"
            + "<input id=\"passwordInput\" name=\"Password\" type=\"password\">"
            + "<input id=\"optionForms\" type=\"hidden\" name=\"AuthMethod\" value=\"FormsAuthentication\">"
            + "<span id=\"submitButton\" class=\"submit\" role=\"button\">Sign in</span></form></body></html>";

    private PageClassifier() {
    }

    /**
     * Classifies a representative page once, so that jsoup's classes, entity tables and this classifier's selectors
     * are loaded and compiled before the first real page arrives; called by a warm-up thread during the first request.
     *
     * @return the classification of that page (a forms sign-in)
     */
    public static Page prepare() {
        return classify(URI.create("https://adfs.invalid/adfs/ls/"), WARM_UP_PAGE);
    }

    /**
     * @param url  the URL the page was fetched from (after redirects)
     * @param html the page
     * @return the classification
     */
    public static Page classify(URI url, String html) {
        Document doc = Jsoup.parse(html, url.toString());
        String title = doc.title().trim();
        List<FormElement> forms = doc.select("form").forms();
        List<String> formIds = new ArrayList<>();
        for (FormElement f : forms) {
            formIds.add(formId(f));
        }
        List<String> authMethods = new ArrayList<>();
        for (Element e : doc.select("input[name=AuthMethod]")) {
            String v = e.val().trim();
            if (!v.isEmpty() && !authMethods.contains(v)) {
                authMethods.add(v);
            }
        }
        Optional<String> errorText = errorText(doc);
        Builder b = new Builder(url, title, formIds, authMethods, errorText);

        // success and pages past the IdP come first: their forms must never be posted
        Elements roleIndex = doc.select("input[name=roleIndex]");
        if (!roleIndex.isEmpty()) {
            return b.kind(PageKind.AWS_ROLE_SELECTION).form(formOf(doc, roleIndex.first(), url)).build();
        }
        Element saml = doc.selectFirst("input[name=SAMLResponse]");
        if (saml != null) {
            String value = saml.val().trim();
            Optional<PageForm> form = formOf(doc, saml, url);
            if (value.isEmpty()) {
                return b.kind(PageKind.EMPTY_SAML_RESPONSE).form(form).build();
            }
            b.samlResponse = Optional.of(value);
            return b.kind(PageKind.SAML_RESPONSE).form(form).build();
        }
        Element wresult = doc.selectFirst("input[name=wresult]");
        if (wresult != null) {
            return b.kind(PageKind.WSFED_RESPONSE).form(formOf(doc, wresult, url)).build();
        }

        Element errorArea = doc.selectFirst("#errorArea");
        if (errorArea != null) {
            // AD FS's "An error occurred" page: a configuration or protocol error, not a refused password
            List<String> parts = new ArrayList<>();
            for (Element e : errorArea.select("#errorMessage, #errorDetailsText")) {
                if (!e.text().isBlank()) {
                    parts.add(e.text().trim());
                }
            }
            return new Builder(url, title, formIds, authMethods,
                    parts.isEmpty() ? Optional.of(errorArea.text().trim()) : Optional.of(String.join(" ", parts)))
                    .kind(PageKind.ADFS_ERROR_PAGE).build();
        }

        classifyActionable(doc, forms, url, b);
        if (errorText.isPresent()) {
            b.kind(PageKind.AUTH_ERROR);
        }
        return b.build();
    }

    private static void classifyActionable(Document doc, List<FormElement> forms, URI url, Builder b) {
        Element rpList = doc.selectFirst("#idp_RelyingPartyDropDownList");
        Element otherRp = doc.selectFirst("#idp_OtherRpRadioButton");
        if (rpList != null || otherRp != null) {
            FormElement form = enclosingForm(rpList != null ? rpList : otherRp, forms);
            if (form != null) {
                PageForm pf = toForm(form, url, null, null, null);
                if (otherRp != null && !otherRp.attr("name").isEmpty()) {
                    // "sign in to one of the following sites" must be the selected radio
                    String radio = otherRp.attr("name");
                    List<FormField> fields = new ArrayList<>();
                    for (FormField f : pf.fields()) {
                        if (!f.name().equals(radio)) {
                            fields.add(f);
                        }
                    }
                    fields.add(new FormField(radio, otherRp.hasAttr("value") ? otherRp.attr("value") : "on"));
                    pf = new PageForm(pf.id(), pf.rawAction(), pf.action(), pf.method(), fields, null, null, null, null);
                }
                b.kind(PageKind.RELYING_PARTY_PICKER).form(Optional.of(pf));
                if (rpList != null) {
                    b.relyingPartyField = rpList.attr("name");
                    for (Element o : rpList.select("option")) {
                        b.relyingParties.add(new Page.RelyingPartyOption(o.val().trim(), o.text().trim()));
                    }
                }
                return;
            }
        }

        for (FormElement f : forms) {
            if (isOptionsForm(f)) {
                continue;
            }
            Element am = f.selectFirst("input[name=AuthMethod]");
            String adapter = am == null ? "" : am.val().trim();
            if (adapter.isEmpty() || PRIMARY_METHODS.contains(adapter.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String lower = adapter.toLowerCase(Locale.ROOT);
            b.mfaAdapter = Optional.of(adapter);
            b.prompt = mfaPrompt(doc);
            String codeField = codeField(f);
            if (codeField != null && CODE_ADAPTERS.contains(lower)) {
                b.kind(PageKind.MFA_CODE).form(Optional.of(toForm(f, url, null, null, codeField)));
            } else if (codeField == null && PUSH_ADAPTERS.contains(lower)) {
                b.numberToShow = numberToShow(doc);
                b.kind(PageKind.MFA_PUSH).form(Optional.of(toForm(f, url, null, null, null)));
            } else {
                b.kind(PageKind.MFA_UNSUPPORTED).form(Optional.of(toForm(f, url, null, null, codeField)));
            }
            return;
        }

        for (FormElement f : forms) {
            // Duo's own prompt (the iframe the DuoAdfsAdapter page embeds) has no AuthMethod
            if (f.attr("action").endsWith("/frame/prompt") || f.selectFirst("input[name=sid]") != null
                    && f.selectFirst("input[name=factor]") != null) {
                b.mfaAdapter = Optional.of("Duo");
                b.kind(PageKind.MFA_UNSUPPORTED).form(Optional.of(toForm(f, url, null, null, null)));
                return;
            }
        }

        FormElement paginated = byId(forms, "loginFormPaginated");
        if (paginated != null) {
            String user = firstName(paginated, "input[name=UserName]");
            String password = firstName(paginated, "input[name=Password], input[type=password]");
            PageKind kind = password == null ? PageKind.PAGINATED_USERNAME : PageKind.PAGINATED_PASSWORD;
            b.kind(kind).form(Optional.of(toForm(paginated, url, user, password, null)));
            return;
        }
        FormElement login = byId(forms, "loginForm");
        if (login != null) {
            String user = firstName(login, "input[name=UserName]");
            String password = firstName(login, "input[name=Password]");
            if (user != null && password != null) {
                b.kind(PageKind.FORMS_LOGIN).form(Optional.of(toForm(login, url, user, password, null)));
                return;
            }
        }
        FormElement aspnet = byId(forms, "aspnetForm");
        if (aspnet != null && aspnet.selectFirst("input[name=" + cssEscape(ASPNET_PASSWORD) + "]") != null) {
            b.kind(PageKind.ASPNET_LOGIN).form(Optional.of(toForm(aspnet, url, ASPNET_USER, ASPNET_PASSWORD, null)));
            return;
        }
        List<FormElement> withPassword = new ArrayList<>();
        for (FormElement f : forms) {
            if (!isOptionsForm(f) && f.selectFirst("input[type=password]") != null) {
                withPassword.add(f);
            }
        }
        if (withPassword.size() == 1) {
            FormElement f = withPassword.get(0);
            String password = f.selectFirst("input[type=password]").attr("name");
            String user = genericUsernameField(f);
            if (!password.isEmpty() && user != null) {
                b.kind(PageKind.GENERIC_LOGIN).form(Optional.of(toForm(f, url, user, password, null)));
                return;
            }
        }
        b.kind(PageKind.UNKNOWN);
    }

    private static Optional<String> errorText(Document doc) {
        for (Element e : doc.select("#errorText, #ctl00_ContentPlaceHolder1_ErrorTextLabel, #input-error, .alert-error .kc-feedback-text, .form-error, .message-box.error")) {
            String t = e.text().trim();
            if (!t.isEmpty()) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static String mfaPrompt(Document doc) {
        // most specific first: the adapter's own instruction beats the generic greeting
        for (String css : List.of("#pushInstructions", "#instructions", "#pageIntroductionText", ".mfaDescription",
                "#mfaGreetingDescription")) {
            Element e = doc.selectFirst(css);
            if (e != null && !e.text().isBlank()) {
                return e.text().trim();
            }
        }
        return "";
    }

    private static Optional<String> numberToShow(Document doc) {
        for (Element e : doc.select("#validEntropyNumber, #entropyNumber, #displaySign, .displaySign, [data-entropy]")) {
            String t = e.hasAttr("data-entropy") && !e.attr("data-entropy").isBlank() ? e.attr("data-entropy").trim() : e.text().trim();
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static String codeField(FormElement f) {
        for (Element e : f.elements()) {
            String name = e.attr("name");
            for (String c : CODE_FIELDS) {
                if (c.equalsIgnoreCase(name)) {
                    return name;
                }
            }
        }
        return null;
    }

    private static String genericUsernameField(FormElement f) {
        Element password = f.selectFirst("input[type=password]");
        Element candidate = null;
        for (Element e : f.elements()) {
            if (!e.normalName().equals("input")) {
                continue;
            }
            String type = e.attr("type").toLowerCase(Locale.ROOT);
            String name = e.attr("name");
            if (name.isEmpty() || e == password) {
                continue;
            }
            if (GENERIC_USERNAME_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
                return name;
            }
            if ((type.equals("email") || type.equals("text") || type.isEmpty()) && candidate == null) {
                candidate = e;
            }
        }
        return candidate == null ? null : candidate.attr("name");
    }

    private static boolean isOptionsForm(FormElement f) {
        return f.id().equals("options");
    }

    private static FormElement byId(List<FormElement> forms, String id) {
        for (FormElement f : forms) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        return null;
    }

    private static String firstName(FormElement f, String css) {
        for (Element e : f.elements()) {
            if (e.is(css) && !e.attr("name").isEmpty()) {
                return e.attr("name");
            }
        }
        return null;
    }

    private static FormElement enclosingForm(Element e, List<FormElement> forms) {
        for (FormElement f : forms) {
            if (f.elements().contains(e)) {
                return f;
            }
        }
        Element p = e.closest("form");
        return p instanceof FormElement fe ? fe : null;
    }

    private static Optional<PageForm> formOf(Document doc, Element control, URI url) {
        FormElement f = enclosingForm(control, doc.select("form").forms());
        return f == null ? Optional.empty() : Optional.of(toForm(f, url, null, null, null));
    }

    private static String formId(Element f) {
        if (!f.id().isEmpty()) {
            return f.id();
        }
        return f.attr("name");
    }

    /**
     * The successful controls of ONE form, as a browser would submit it when its first named
     * submit button is clicked; the fields the client fills are included even when empty.
     */
    private static PageForm toForm(FormElement f, URI url, String userField, String passwordField, String codeField) {
        List<FormField> fields = new ArrayList<>();
        boolean submitSeen = false;
        String kmsi = null;
        for (Element e : f.elements()) {
            String name = e.attr("name");
            if (name.isEmpty() || e.hasAttr("disabled")) {
                continue;
            }
            String tag = e.normalName();
            String type = e.attr("type").toLowerCase(Locale.ROOT);
            if (tag.equals("input") && name.equalsIgnoreCase("Kmsi") && type.equals("checkbox")) {
                kmsi = name;
            }
            boolean button = tag.equals("button");
            if (button || tag.equals("input") && Set.of("submit", "button", "image", "reset").contains(type)) {
                boolean submits = button ? type.isEmpty() || type.equals("submit") : type.equals("submit");
                if (submits && !submitSeen) {
                    submitSeen = true;
                    fields.add(new FormField(name, e.hasAttr("value") ? e.attr("value") : ""));
                }
                continue;
            }
            if (tag.equals("input") && (type.equals("checkbox") || type.equals("radio"))) {
                if (e.hasAttr("checked")) {
                    fields.add(new FormField(name, e.hasAttr("value") ? e.attr("value") : "on"));
                }
                continue;
            }
            if (tag.equals("select")) {
                Element opt = e.selectFirst("option[selected]");
                if (opt == null) {
                    opt = e.selectFirst("option");
                }
                if (opt != null) {
                    fields.add(new FormField(name, opt.val()));
                }
                continue;
            }
            if (tag.equals("input") || tag.equals("textarea")) {
                fields.add(new FormField(name, e.val()));
            }
        }
        String rawAction = f.attr("action");
        Optional<URI> action = resolve(url, rawAction);
        String method = f.attr("method").isBlank() ? "GET" : f.attr("method").trim().toUpperCase(Locale.ROOT);
        return new PageForm(formId(f), rawAction, action, method, fields, userField, passwordField, codeField, kmsi);
    }

    private static Optional<URI> resolve(URI base, String rawAction) {
        String a = rawAction.trim();
        if (a.isEmpty()) {
            return Optional.of(base);
        }
        try {
            return Optional.of(base.resolve(new URI(a)));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String cssEscape(String name) {
        return "\"" + name.replace("\"", "\\\"") + "\"";
    }

    private static final class Builder {
        private final URI url;
        private final String title;
        private final List<String> formIds;
        private final List<String> authMethods;
        private final Optional<String> errorText;
        private PageKind kind = PageKind.UNKNOWN;
        private Optional<PageForm> form = Optional.empty();
        private Optional<String> mfaAdapter = Optional.empty();
        private Optional<String> numberToShow = Optional.empty();
        private String prompt = "";
        private Optional<String> samlResponse = Optional.empty();
        private final List<Page.RelyingPartyOption> relyingParties = new ArrayList<>();
        private String relyingPartyField;

        Builder(URI url, String title, List<String> formIds, List<String> authMethods, Optional<String> errorText) {
            this.url = url;
            this.title = title;
            this.formIds = formIds;
            this.authMethods = authMethods;
            this.errorText = errorText;
        }

        Builder kind(PageKind k) {
            this.kind = k;
            return this;
        }

        Builder form(Optional<PageForm> f) {
            this.form = f;
            return this;
        }

        Page build() {
            return new Page(kind, url, title, formIds, authMethods, form, errorText, mfaAdapter, numberToShow, prompt,
                    samlResponse, relyingParties, relyingPartyField);
        }
    }
}

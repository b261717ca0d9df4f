package org.mpactivation.simulator.entra;

import java.util.List;

/**
 * The sign-in page standing in for Entra's: the accounts that may sign in, one button each, in a form that
 * posts back the sign-in id. Every value is HTML-escaped; the page has no script.
 */
final class SignInPage {

    static final String SIGN_IN_FIELD = "sign_in";
    static final String ACCOUNT_FIELD = "account";
    static final String CANCEL_FIELD = "cancel";

    private SignInPage() {
    }

    static String render(String action, String signInId, String clientId, List<DirectoryUser> users) {
        StringBuilder html = new StringBuilder(1024);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Sign in - local Microsoft Entra ID</title></head><body><main>")
                .append("<h1>Sign in</h1>")
                .append("<p>Local stand-in for Microsoft Entra ID. Application <code>")
                .append(escape(clientId)).append("</code> asks you to sign in.</p>")
                .append("<form method=\"post\" action=\"").append(escape(action)).append("\">")
                .append("<input type=\"hidden\" name=\"").append(SIGN_IN_FIELD).append("\" value=\"")
                .append(escape(signInId)).append("\">");
        if (users.isEmpty()) {
            html.append("<p>No account of this tenant is registered.</p>");
        } else {
            html.append("<fieldset><legend>Pick an account</legend><ul>");
            for (DirectoryUser user : users) {
                html.append("<li><button type=\"submit\" name=\"").append(ACCOUNT_FIELD).append("\" value=\"")
                        .append(escape(user.objectId())).append("\">").append(escape(user.name()))
                        .append(" &lt;").append(escape(user.email())).append("&gt; (tenant ")
                        .append(escape(user.tenantId())).append(")</button></li>");
            }
            html.append("</ul></fieldset>");
        }
        html.append("<p><button type=\"submit\" name=\"").append(CANCEL_FIELD).append("\" value=\"1\">")
                .append("Cancel</button></p></form></main></body></html>");
        return html.toString();
    }

    static String error(String code, String message) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Sign-in error - local Microsoft Entra ID</title></head><body><main>"
                + "<h1>Sorry, but we are having trouble signing you in.</h1><p>" + escape(code) + ": "
                + escape(message) + "</p></main></body></html>";
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}

package org.mpactivation.web;

import java.util.Map;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.repository.ReadPlan;

/** The shapes of the activation pages' handlers ({@link ActivationPages}). */
final class PageActions {

    private PageActions() {
    }

    /** A page request: path parameters. */
    record PageRequest(WebRequest request, Map<String, String> params) {

        /** The caller's network address, for the per-client limits. */
        String client() {
            return request.clientAddress();
        }
    }

    @FunctionalInterface
    interface PageAction {
        WebResponse run(ActivationSession session, PageRequest request, PageModel model);
    }

    @FunctionalInterface
    interface FormAction {
        WebResponse run(ActivationSession session, FormData form, PageModel model, PageRequest request);
    }

    @FunctionalInterface
    interface FormPage {
        WebResponse show(ActivationSession session, PageModel model, int status);
    }

    /**
     * What a form's step will read besides the session, known from the session id and the form alone,
     * so that the session and those items are read in one batch.
     */
    @FunctionalInterface
    interface FormReads {
        FormReads NONE = (sessionId, form, request) -> new ReadPlan();

        ReadPlan plan(String sessionId, FormData form, PageRequest request);
    }
}

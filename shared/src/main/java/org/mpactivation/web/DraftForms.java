package org.mpactivation.web;

import java.util.HashMap;
import java.util.Map;
import org.mpactivation.domain.RegistrationDraft;

/** The registration forms filled in from the session's draft, for a buyer who comes back to a step. */
final class DraftForms {

    private DraftForms() {
    }

    /** Basic information as saved; never the password. */
    static FormState basicInfo(RegistrationDraft draft) {
        Map<String, String> values = new HashMap<>();
        putIfSet(values, "username", draft.username());
        putIfSet(values, "email", draft.email());
        putIfSet(values, "phone", draft.phone());
        return FormState.of(values);
    }

    static FormState company(RegistrationDraft draft) {
        Map<String, String> values = new HashMap<>();
        if (draft.company() != null) {
            values.put("companyName", draft.company().companyName());
            values.put("contactName", draft.company().contactName());
            values.put("country", draft.company().country());
            values.put("address", draft.company().address());
        }
        return FormState.of(values);
    }

    private static void putIfSet(Map<String, String> values, String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }
}

package org.mpactivation.local.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.FormData;
import org.mpactivation.web.WebRequest;

/**
 * A secret every form of a simulator page carries in {@code _csrf}, on top of {@link SimulatorForms}' origin
 * checks: a browser that does not send {@code Sec-Fetch-Site} or {@code Origin} (older ones, some extensions)
 * would otherwise let another site post to the simulator from the developer's browser. The pages have no
 * sessions, so the token is one random value per server start, readable only by pages of this origin.
 */
final class SimulatorFormToken {

    static final String FIELD = "_csrf";

    private final String value;

    SimulatorFormToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        this.value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    String value() {
        return value;
    }

    /** The form of a same-origin post carrying this token; else a 403 (a 415 for other media types). */
    FormData parse(WebRequest request) {
        FormData form = SimulatorForms.parse(request);
        String presented = form.get(FIELD);
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))) {
            throw new BadRequestException(403, "error.request.csrf");
        }
        return form;
    }
}

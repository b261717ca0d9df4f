package org.mpactivation.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for what buyers type. Each check adds the message key of the first rule broken to the
 * form's {@link FieldErrors} and returns the normalized value (or null when invalid).
 */
public final class InputRules {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{2,31}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\"<>\\p{Cc}]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]{5,19}");
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");
    /** The message of a name that holds a control or text-direction character. */
    public static final String NAME_CHARACTERS = "error.name.characters";
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 128;

    private InputRules() {
    }

    public static String username(String raw, String field, FieldErrors errors) {
        String value = trim(raw);
        if (value.isEmpty()) {
            errors.add(field, "error.required");
            return null;
        }
        if (hidesOrReorders(value)) {
            errors.add(field, NAME_CHARACTERS);
            return null;
        }
        if (!USERNAME.matcher(value).matches()) {
            errors.add(field, "error.username.format");
            return null;
        }
        return value;
    }

    /** E-mail addresses are compared and stored in lower case. */
    public static String email(String raw, String field, FieldErrors errors) {
        String value = trim(raw).toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            errors.add(field, "error.required");
            return null;
        }
        if (value.length() > 254 || !EMAIL.matcher(value).matches() || hidesOrReorders(value)) {
            errors.add(field, "error.email.format");
            return null;
        }
        return value;
    }

    public static String optionalPhone(String raw, String field, FieldErrors errors) {
        String value = trim(raw);
        if (value.isEmpty()) {
            return "";
        }
        if (!PHONE.matcher(value).matches()) {
            errors.add(field, "error.phone.format");
            return null;
        }
        return value;
    }

    /** Checks a new password and its confirmation; returns the password or null. */
    public static String newPassword(String password, String confirmation, FieldErrors errors) {
        String value = password == null ? "" : password;
        if (value.isEmpty()) {
            errors.add("password", "error.required");
            return null;
        }
        if (value.length() < PASSWORD_MIN || value.length() > PASSWORD_MAX) {
            errors.add("password", "error.password.length");
            return null;
        }
        if (!value.chars().anyMatch(Character::isLetter) || !value.chars().anyMatch(Character::isDigit)) {
            errors.add("password", "error.password.strength");
            return null;
        }
        if (!value.equals(confirmation)) {
            errors.add("passwordConfirmation", "error.password.mismatch");
            return null;
        }
        return value;
    }

    public static String code(String raw, String field, FieldErrors errors) {
        String value = trim(raw);
        if (value.isEmpty()) {
            errors.add(field, "error.code.required");
            return null;
        }
        if (!CODE.matcher(value).matches()) {
            errors.add(field, "error.code.format");
            return null;
        }
        return value;
    }

    /**
     * A name a person types (company, contact, workspace, country): free text of 1..max characters
     * in which nothing is hidden or reordered; see {@link #hidesOrReorders}.
     */
    public static String name(String raw, int max, String field, FieldErrors errors) {
        String value = trim(raw);
        if (value.isEmpty()) {
            errors.add(field, "error.required");
            return null;
        }
        if (hidesOrReorders(value)) {
            errors.add(field, NAME_CHARACTERS);
            return null;
        }
        return checkedText(value, max, field, errors);
    }

    /** Free text of 1..max characters without control, text-direction or invisible format characters. */
    public static String text(String raw, int max, String field, FieldErrors errors) {
        String value = trim(raw);
        if (value.isEmpty()) {
            errors.add(field, "error.required");
            return null;
        }
        return checkedText(value, max, field, errors);
    }

    public static String optionalText(String raw, int max, String field, FieldErrors errors) {
        String value = trim(raw);
        return value.isEmpty() ? "" : checkedText(value, max, field, errors);
    }

    private static String checkedText(String value, int max, String field, FieldErrors errors) {
        if (value.codePointCount(0, value.length()) > max) {
            errors.add(field, "error.text.length");
            return null;
        }
        if (hidesOrReorders(value)) {
            errors.add(field, "error.text.control");
            return null;
        }
        return value;
    }

    /**
     * Whether the text holds a character that hides or reorders what a reader sees: a control
     * character (category Cc, line and paragraph separators), a text-direction mark, embedding,
     * override or isolate (U+200E, U+200F, U+061C, U+202A..U+202E, U+2066..U+2069), an invisible
     * character (zero-width space, word joiner and the invisible operators, the byte order mark,
     * the soft hyphen, deprecated format controls, interlinear annotations, tag characters) or half
     * a surrogate pair. Such text can show an operator, an e-mail or the console another name than
     * the one stored. The zero-width joiner and non-joiner stay allowed: Persian and Indic names
     * and emoji sequences need them, and they move nothing.
     */
    public static boolean hidesOrReorders(String value) {
        return value.codePoints().anyMatch(InputRules::hiddenOrReordering);
    }

    private static boolean hiddenOrReordering(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || c == 0x00AD || c == 0x061C || c == 0x180E
                || c == 0x200B || c == 0x200E || c == 0x200F
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2060 && c <= 0x206F)
                || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB)
                || (c >= 0xE0000 && c <= 0xE007F);
    }

    public static WorkspaceLanguage language(String raw, String field, FieldErrors errors) {
        try {
            return WorkspaceLanguage.fromCode(trim(raw));
        } catch (IllegalArgumentException e) {
            errors.add(field, "error.language");
            return null;
        }
    }

    public static Site site(String raw, SiteCatalog sites, String field, FieldErrors errors) {
        return sites.find(trim(raw)).orElseGet(() -> {
            errors.add(field, "error.site");
            return null;
        });
    }

    public static void accepted(String raw, String field, FieldErrors errors) {
        if (!"on".equals(raw) && !"true".equals(raw)) {
            errors.add(field, "error.terms");
        }
    }

    /** {@code j***@example.com}: enough for the owner to recognise, little for anyone else. */
    public static String maskEmail(String email) {
        int at = email.indexOf('@');
        if (at < 1) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    private static String trim(String raw) {
        return raw == null ? "" : raw.strip();
    }
}

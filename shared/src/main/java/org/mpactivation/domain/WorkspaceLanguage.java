package org.mpactivation.domain;

/**
 * The language of a workspace's event, alert and SMS templates. Fixed when the workspace is created.
 */
public enum WorkspaceLanguage {
    ZH("zh"),
    EN("en");

    private final String code;

    WorkspaceLanguage(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static WorkspaceLanguage fromCode(String code) {
        for (WorkspaceLanguage language : values()) {
            if (language.code.equals(code)) {
                return language;
            }
        }
        throw new IllegalArgumentException("unknown workspace language: " + code);
    }
}

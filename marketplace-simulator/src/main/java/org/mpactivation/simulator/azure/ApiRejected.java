package org.mpactivation.simulator.azure;

/** A request the simulator refuses: the HTTP status and the error code its body carries. */
final class ApiRejected extends RuntimeException {

    private final int status;
    private final String code;

    ApiRejected(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiRejected badRequest(String code, String message) {
        return new ApiRejected(400, code, message);
    }

    static ApiRejected notFound(String message) {
        return new ApiRejected(404, "EntityNotFound", message);
    }

    static ApiRejected conflict(String message) {
        return new ApiRejected(409, "Conflict", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}

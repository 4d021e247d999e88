package trm4j.serve;

/** A request the server refuses: the HTTP status and a one-line message for the JSON error body. */
final class HttpError extends RuntimeException {
    final int status;

    HttpError(int status, String message) {
        super(message.lines().findFirst().orElse("error"), null, false, false);
        this.status = status;
    }

    static HttpError badRequest(String message) { return new HttpError(400, message); }

    static HttpError notFound(String message) { return new HttpError(404, message); }
}

package io.recordflow.dockerit;

/** No Docker engine answers: the message says where RecordFlow looked; a stack trace would add nothing. */
public final class DockerEngineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DockerEngineUnavailableException(String message) {
        super(message, null, false, false);
    }
}

package io.baseplate.itests.sandbox;

import io.baseplate.api.command.Command;
import io.baseplate.api.command.CommandHandler;

/** A handler plugin that does nothing but succeed: the bundle that comes and goes in JobEngineIT. */
public class NoOpJobHandler implements CommandHandler {

    public static final String TYPE = "NoOpTest";

    @Override
    public String execute(Command command) {
        return "done " + command.id();
    }
}

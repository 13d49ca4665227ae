package dev.hive.rack.backend;

/** A channel asked for a stack that another channel is connected to. */
public final class StackBusyException extends RackException {

    private final int stack;
    private final int holder;

    public StackBusyException(int channel, int stack, String stackName, int holder) {
        super("channel %d cannot connect to stack %d (%s): it is connected to channel %d"
                .formatted(channel, stack, stackName, holder));
        this.stack = stack;
        this.holder = holder;
    }

    public int stack() {
        return stack;
    }

    /** The channel that holds the stack. */
    public int holder() {
        return holder;
    }
}

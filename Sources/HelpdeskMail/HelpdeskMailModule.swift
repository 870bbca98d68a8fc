/// The HelpdeskMail module.
public enum HelpdeskMailModule {}

/// The HelpdeskServer module.
public enum HelpdeskServerModule {}

/// The HelpdeskImport module.
public enum HelpdeskImportModule {}

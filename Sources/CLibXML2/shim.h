// libxml2 for the Stack Exchange importer. Debian's libxml2 headers pull in the system ICU, whose
// types clash with the toolchain's own ICU as soon as Foundation is imported beside this module, so
// ICU support is switched off after xmlversion.h defines it and before the reader header uses it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

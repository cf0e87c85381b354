#pragma once
// Debian builds libxml2 with ICU, so its encoding.h pulls in the system's <unicode/*.h>, which clash with the ICU
// copy inside Swift's Foundation ("UErrorCode ... not present"). SciXML never touches the ICU-only members (the
// tail of xmlCharEncodingHandler, only ever used through a pointer), so the headers are read without them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

// `xmlFree` is a mutable global function pointer (a macro in thread-alloc builds); Swift 6 refuses to touch
// shared mutable state, so strings libxml2 allocates are freed through this wrapper.
static inline void sci_xml_free(void *pointer) {
    xmlFree(pointer);
}

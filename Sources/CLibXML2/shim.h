#ifndef REMIT_CLIBXML2_SHIM_H
#define REMIT_CLIBXML2_SHIM_H

// The parts of libxml2 that RemitISO20022 uses: document parsing and XSD validation.
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

// libxml2 keeps the structured error handler in per-thread globals reached through macros,
// which Swift cannot import. These read and restore it, so a validation can install its own
// handler for one synchronous call and leave the thread as it found it.
static inline xmlStructuredErrorFunc remit_xml_current_structured_error(void) {
    return xmlStructuredError;
}

static inline void *remit_xml_current_structured_error_context(void) {
    return xmlStructuredErrorContext;
}

#endif

#pragma once
#include <libpq-fe.h>

// The PG_DIAG_* field codes are character macros, which Swift does not import; these name the ones SciPostgres reads.
static const int sci_pq_diag_sqlstate = PG_DIAG_SQLSTATE;
static const int sci_pq_diag_message = PG_DIAG_MESSAGE_PRIMARY;
static const int sci_pq_diag_detail = PG_DIAG_MESSAGE_DETAIL;
static const int sci_pq_diag_hint = PG_DIAG_MESSAGE_HINT;

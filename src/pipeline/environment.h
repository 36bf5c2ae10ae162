// Preconditions of tracing on this machine: privileges, tracefs, bpftrace; each failure is one clear line.
#pragma once

#include <memory>

#include "common/error.h"
#include "pipeline/failure.h"
#include "pipeline/stage_log.h"

namespace gpttrace {

class KernelCatalog;

// Root, or CAP_BPF with CAP_PERFMON (or CAP_SYS_ADMIN) in the effective set.
Result<void> require_tracing_privileges();

// tracefs (or debugfs with tracing) mounted; mounts /sys/kernel/tracing when it is missing and we can.
Result<void> ensure_tracefs();

// The live catalog. With `for_tracing`, privileges, tracefs and bpftrace are required (Environment
// failure otherwise); without (--dry-run), it opens with what is there.
Outcome<std::unique_ptr<KernelCatalog>> open_live_catalog(bool for_tracing, const StageLog& log);

}  // namespace gpttrace

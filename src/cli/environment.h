// Preconditions of tracing on this machine: privileges, tracefs, bpftrace; each failure is one clear line.
#pragma once

#include "common/error.h"

namespace gpttrace {

// Root, or CAP_BPF with CAP_PERFMON (or CAP_SYS_ADMIN) in the effective set.
Result<void> require_tracing_privileges();

// tracefs (or debugfs with tracing) mounted; mounts /sys/kernel/tracing when it is missing and we can.
Result<void> ensure_tracefs();

}  // namespace gpttrace

// A pipeline session: the machine (catalog), the policy every program is checked against, run limits,
// the stage log and the stop signal. One per CLI run, chat or MCP server.
#pragma once

#include <chrono>
#include <cstddef>

#include "pipeline/stage_log.h"

namespace gpttrace {

class KernelCatalog;

struct Policy {
  bool unsafe = false;      // --unsafe: system(), signal(), override(), cat() allowed
  size_t max_probes = 512;  // wildcards may not attach more probes than this in total
  bool include_self = false;  // --include-self: generated programs keep gpttrace and its bpftrace
};

struct RunLimits {
  std::chrono::milliseconds max_duration{std::chrono::hours(1)};  // hard cap on one run
  size_t max_output_bytes = 64 * 1024 * 1024;                       // bpftrace stdout read per run
};

struct Session {
  Session(const KernelCatalog& machine, Policy checks, StageLog stage_log)
      : catalog(machine), policy(checks), log(stage_log) {}

  const KernelCatalog& catalog;
  Policy policy;
  RunLimits limits;
  StageLog log;
  // The stop signal of runs and prompts: -1 = the process's stop-signal pipe (Ctrl-C, SIGTERM); a
  // server gives each run its own descriptor instead (RunSettings::stop_fd).
  int stop_fd = -1;
  // Whether bpftrace's compile check can run here: bpftrace installed and tracing privileges.
  bool can_compile() const;
};

}  // namespace gpttrace

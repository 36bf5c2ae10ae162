// The installed bpftrace: where it is, its version, and what `bpftrace --info` says, cached on disk.
#pragma once

#include <map>
#include <string>

#include "kernel/catalog.h"

namespace gpttrace {

struct InstalledBpftrace {
  BpftraceInfo info;                            // found=false when there is no bpftrace in PATH
  std::map<std::string, std::string> features;  // parse_bpftrace_info of `bpftrace --info`
  bool from_cache = false;
};

// Finds bpftrace in PATH and reads `--version` and `--info` (about 100 ms), or their saved answer from
// <cache_dir>/bpftrace-info.json when the kernel release and the binary (path, mtime, size) are the same.
// An empty cache_dir disables the cache.
InstalledBpftrace discover_bpftrace(const std::string& kernel_release, const std::string& cache_dir);

// $XDG_CACHE_HOME/gpttrace, else $HOME/.cache/gpttrace; empty when neither variable is set.
std::string default_cache_dir();

}  // namespace gpttrace

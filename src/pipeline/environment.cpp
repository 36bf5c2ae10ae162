// Checks (and where possible fixes) what tracing needs: privileges and a mounted tracefs.
#include "pipeline/environment.h"

#include <fmt/format.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

#include "kernel/catalog.h"

namespace gpttrace {

namespace {

constexpr int kCapSysAdmin = 21;
constexpr int kCapPerfmon = 38;
constexpr int kCapBpf = 39;

// The effective capability set from /proc/self/status ("CapEff:\t000001ffffffffff").
uint64_t effective_capabilities() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) == 0) return std::stoull(line.substr(7), nullptr, 16);
  }
  return 0;
}

bool has_cap(uint64_t caps, int cap) { return (caps >> cap) & 1U; }

bool is_dir(const char* path) {
  struct stat st {};
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

Result<void> require_tracing_privileges() {
  uint64_t caps = effective_capabilities();
  bool admin = has_cap(caps, kCapSysAdmin);
  if (admin || (has_cap(caps, kCapBpf) && has_cap(caps, kCapPerfmon))) return {};
  return fail(geteuid() == 0 ? "running as root but without CAP_BPF/CAP_PERFMON or CAP_SYS_ADMIN"
                             : "tracing needs root (or CAP_BPF and CAP_PERFMON)",
              "run it with sudo, e.g. sudo gpttrace ...");
}

Result<void> ensure_tracefs() {
  if (is_dir("/sys/kernel/tracing/events") || is_dir("/sys/kernel/debug/tracing/events")) return {};
  if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, nullptr) == 0 && is_dir("/sys/kernel/tracing/events")) {
    return {};
  }
  int err = errno;
  return fail(fmt::format("tracefs is not mounted and mounting it failed: {}", std::strerror(err)),
              "as root: mount -t tracefs nodev /sys/kernel/tracing", err);
}

Outcome<std::unique_ptr<KernelCatalog>> open_live_catalog(bool for_tracing, const StageLog& log) {
  // Tracing needs these for the catalog to see tracepoints; --dry-run works without them where it can.
  if (for_tracing) {
    if (Result<void> privileges = require_tracing_privileges(); !privileges) {
      return failure(FailureKind::Environment, privileges.error());
    }
  }
  if (Result<void> tracefs = ensure_tracefs(); !tracefs && for_tracing) {
    return failure(FailureKind::Environment, tracefs.error());
  }
  std::unique_ptr<KernelCatalog> catalog = make_real_catalog();
  BpftraceInfo bpftrace = catalog->bpftrace();
  log(fmt::format("catalog ready: kernel {}, bpftrace {}", catalog->kernel().release,
                  bpftrace.found ? bpftrace.version : "missing"));
  if (!bpftrace.found && for_tracing) {
    return failure(FailureKind::Environment, "bpftrace is not installed", "install it with: apt-get install bpftrace");
  }
  return catalog;
}

}  // namespace gpttrace

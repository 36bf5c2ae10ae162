// The kernel catalog: everything gpttrace knows about the machine it traces, behind one interface.
// RealCatalog reads tracefs, BTF, ELF files and the installed bpftrace; FixtureCatalog is built in tests.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "kernel/probe_types.h"

namespace gpttrace {

// One field of a tracepoint, from its tracefs `format` file ("field:__data_loc char[] filename; ...").
struct TracepointField {
  std::string name;
  std::string type;      // C type as written, without the name: "const char *", "__data_loc char[]", "int"
  int offset = 0;
  int size = 0;
  bool is_signed = false;
  bool data_loc = false;  // __data_loc: must be read with str() in bpftrace
  bool common = false;    // common_* header fields (bpftrace does not expose them through args)
};

struct Tracepoint {
  std::string category;  // "syscalls"
  std::string name;      // "sys_enter_openat"
  std::vector<TracepointField> fields;  // common_* fields excluded
  std::string full_name() const { return category + ":" + name; }
};

struct FunctionParam {
  std::string name;
  std::string type;  // C type, e.g. "struct file *"
};

// A kernel function known from BTF.
struct KernelFunction {
  std::string name;
  std::string return_type;
  std::vector<FunctionParam> params;
};

// Whether a probe type can attach on this machine, and if not, why (one line) and what to use instead.
struct ProbeSupport {
  bool available = false;
  std::string reason;       // empty when available: "CONFIG_KPROBES is off: no kprobe_events in tracefs"
  std::string alternative;  // "tracepoint", "uprobe", ... or empty
};

// The installed bpftrace and the dialect it speaks.
struct BpftraceInfo {
  bool found = false;
  std::string path;      // absolute path of the binary
  std::string version;   // "0.17.0"
  int major = 0, minor = 0, patch = 0;
  bool args_dot = false;         // args.field (0.19+) instead of args->field
  bool fentry_spelling = false;  // fentry/fexit accepted (0.20+); kfunc/kretfunc otherwise
  bool has_dry_run = false;      // --dry-run (0.22+); otherwise compile with -d
  bool rawtracepoint = false;    // rawtracepoint probes (0.19+); 0.17 aborts with FATAL on them
  bool at_least(int maj, int min) const { return major > maj || (major == maj && minor >= min); }
};

struct KernelInfo {
  std::string release;  // uname -r
  std::string machine;  // uname -m
  bool btf = false;     // /sys/kernel/btf/vmlinux readable
  std::string tracefs;  // mount point in use, empty when none
};

class KernelCatalog {
 public:
  virtual ~KernelCatalog() = default;

  virtual KernelInfo kernel() const = 0;
  virtual BpftraceInfo bpftrace() const = 0;
  virtual ProbeSupport support(ProbeType type) const = 0;

  // "category:name" of every tracepoint, sorted.
  virtual const std::vector<std::string>& tracepoint_names() const = 0;
  // The tracepoint with its fields, or nullopt when this kernel has no such tracepoint.
  virtual std::optional<Tracepoint> tracepoint(std::string_view category, std::string_view name) const = 0;

  // Names of kernel functions in BTF, sorted; empty when there is no BTF.
  virtual const std::vector<std::string>& kernel_function_names() const = 0;
  virtual std::optional<KernelFunction> kernel_function(std::string_view name) const = 0;

  // Path of a binary or library for uprobes: "bash" -> "/usr/bin/bash", "libc" -> "/lib/.../libc.so.6".
  virtual Result<std::string> resolve_binary(std::string_view name) const = 0;
  // Function symbols of an ELF file (defined, STT_FUNC, from .symtab and .dynsym), sorted, unique.
  virtual Result<std::vector<std::string>> user_symbols(const std::string& path) const = 0;

  // Whether a process whose comm is `name` (compared on its first 15 bytes, as the kernel keeps it) is
  // running now: a word in a request is a process name only when it is plausible.
  virtual bool process_running(std::string_view name) const = 0;
};

// Reads the live machine. Cheap to construct; expensive parts (BTF, field parsing) load on first use.
std::unique_ptr<KernelCatalog> make_real_catalog();

}  // namespace gpttrace

// The catalog of the live machine: tracefs events, kernel BTF, ELF files and the installed bpftrace.
// Construction only runs uname and a few stats; each costly part loads on first use, once, thread-safely.
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "kernel/bpftrace_discovery.h"
#include "kernel/btf_functions.h"
#include "kernel/catalog.h"
#include "kernel/elf_files.h"
#include "kernel/fixture_catalog.h"
#include "kernel/support_rules.h"

namespace gpttrace {

namespace {

namespace fs = std::filesystem;

// The tracer's own record formats (function, print, ...): directories under events/ but no tracepoints.
constexpr std::string_view kFtraceCategory = "ftrace";

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

bool is_dir(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool dir_has_entries(const std::string& path) {
  std::error_code ec;
  fs::directory_iterator it(path, ec);
  return !ec && it != fs::directory_iterator();
}

// The tracefs mount point bpftrace will use: the tracefs mount first, then the debugfs one.
std::string detect_tracefs() {
  for (const char* dir : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"})
    if (is_dir(fmt::format("{}/events", dir))) return dir;
  return {};
}

// A category or event name that is safe to put in a path under events/.
bool valid_component(std::string_view s) {
  return !s.empty() && s != "." && s != ".." && s.find('/') == std::string_view::npos &&
         s.find('\0') == std::string_view::npos;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class RealCatalog : public KernelCatalog {
 public:
  RealCatalog() {
    struct utsname uts {};
    if (::uname(&uts) == 0) {
      kernel_.release = uts.release;
      kernel_.machine = uts.machine;
    }
    kernel_.tracefs = detect_tracefs();
    kernel_.btf = ::access("/sys/kernel/btf/vmlinux", R_OK) == 0;
  }

  KernelInfo kernel() const override { return kernel_; }

  BpftraceInfo bpftrace() const override { return facts().bpftrace; }

  ProbeSupport support(ProbeType type) const override { return decide_support(type, facts()); }

  const std::vector<std::string>& tracepoint_names() const override {
    std::call_once(names_once_, [this] { tracepoint_names_ = scan_tracepoints(); });
    return tracepoint_names_;
  }

  std::optional<Tracepoint> tracepoint(std::string_view category, std::string_view name) const override {
    if (kernel_.tracefs.empty() || !valid_component(category) || !valid_component(name)) return std::nullopt;
    if (category == kFtraceCategory) return std::nullopt;  // not attachable; see scan_tracepoints
    std::string key = fmt::format("{}:{}", category, name);
    std::lock_guard lock(tracepoints_mutex_);
    auto it = tracepoints_.find(key);
    if (it == tracepoints_.end()) it = tracepoints_.emplace(key, load_tracepoint(category, name)).first;
    return it->second;
  }

  const std::vector<std::string>& kernel_function_names() const override {
    const BtfFunctions* btf = btf_functions();
    return btf ? btf->names() : no_names_;
  }

  std::optional<KernelFunction> kernel_function(std::string_view name) const override {
    const BtfFunctions* btf = btf_functions();
    return btf ? btf->function(name) : std::nullopt;
  }

  Result<std::string> resolve_binary(std::string_view name) const override {
    return resolve_binary_path(name);
  }

  // The comms of running processes from /proc; a name found in the last read (at most a second old) is
  // running, a name not found is looked for again in a fresh read (it may have just started).
  bool process_running(std::string_view name) const override {
    std::lock_guard<std::mutex> lock(comms_mutex_);
    std::string want(name.substr(0, 15));
    auto now = std::chrono::steady_clock::now();
    if (now - comms_read_ <= std::chrono::seconds(1) && comms_.contains(want)) return true;
    {
      comms_.clear();
      std::error_code ec;
      for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        std::string pid = entry.path().filename().string();
        if (pid.empty() || !std::all_of(pid.begin(), pid.end(), ::isdigit)) continue;
        std::ifstream in(entry.path() / "comm");
        std::string comm;
        if (std::getline(in, comm)) comms_.insert(comm);
      }
      comms_read_ = now;
    }
    return comms_.contains(want);
  }

  // Cached per path: generation and the checks both read a binary's symbols (libc has thousands).
  Result<std::vector<std::string>> user_symbols(const std::string& path) const override {
    std::lock_guard<std::mutex> lock(symbols_mutex_);
    auto it = symbols_.find(path);
    if (it == symbols_.end()) it = symbols_.emplace(path, elf_function_symbols(path)).first;
    return it->second;
  }

 private:
  mutable std::mutex comms_mutex_;
  mutable std::set<std::string> comms_;
  mutable std::chrono::steady_clock::time_point comms_read_{};

  const MachineFacts& facts() const {
    std::call_once(facts_once_, [this] { facts_ = detect_facts(); });
    return facts_;
  }

  MachineFacts detect_facts() const {
    MachineFacts f;
    f.tracefs = kernel_.tracefs;
    f.btf = kernel_.btf;
    if (!f.tracefs.empty()) f.kprobe_events = exists(f.tracefs + "/kprobe_events");
    f.uprobes = (!f.tracefs.empty() && exists(f.tracefs + "/uprobe_events")) ||
                exists("/sys/bus/event_source/devices/uprobe");
    f.perf_events = exists("/proc/sys/kernel/perf_event_paranoid");
    f.cpu_pmu = dir_has_entries("/sys/bus/event_source/devices/cpu/events") ||
                dir_has_entries("/sys/bus/event_source/devices/cpu_core/events");
    f.breakpoint_pmu = exists("/sys/bus/event_source/devices/breakpoint");
    InstalledBpftrace installed = discover_bpftrace(kernel_.release, default_cache_dir());
    f.bpftrace = std::move(installed.info);
    f.bpftrace_features = std::move(installed.features);
    return f;
  }

  // Every events/CAT/NAME directory as "CAT:NAME", sorted. The ftrace category holds the tracer's own
  // record formats, not attachable tracepoints (available_events and `bpftrace -l` leave it out too).
  std::vector<std::string> scan_tracepoints() const {
    std::vector<std::string> names;
    if (kernel_.tracefs.empty()) return names;
    std::error_code ec;
    for (const auto& category : fs::directory_iterator(kernel_.tracefs + "/events", ec)) {
      std::error_code ec2;
      if (!category.is_directory(ec2) || category.path().filename() == kFtraceCategory) continue;
      const std::string cat = category.path().filename().string();
      for (const auto& event : fs::directory_iterator(category.path(), ec2)) {
        std::error_code ec3;
        if (event.is_directory(ec3)) names.push_back(cat + ":" + event.path().filename().string());
      }
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::optional<Tracepoint> load_tracepoint(std::string_view category, std::string_view name) const {
    auto text = read_file(fmt::format("{}/events/{}/{}/format", kernel_.tracefs, category, name));
    if (!text) return std::nullopt;
    auto tp = parse_tracepoint(category, name, *text);
    if (!tp) return std::nullopt;
    return std::move(*tp);
  }

  // nullptr when the kernel has no BTF; then there are no kernel functions to list.
  const BtfFunctions* btf_functions() const {
    std::call_once(btf_once_, [this] {
      if (!kernel_.btf) return;
      if (auto loaded = BtfFunctions::load_vmlinux()) btf_ = std::move(*loaded);
    });
    return btf_.get();
  }

  KernelInfo kernel_;
  const std::vector<std::string> no_names_;

  mutable std::once_flag facts_once_;
  mutable MachineFacts facts_;

  mutable std::once_flag names_once_;
  mutable std::vector<std::string> tracepoint_names_;

  mutable std::mutex tracepoints_mutex_;
  mutable std::map<std::string, std::optional<Tracepoint>, std::less<>> tracepoints_;

  mutable std::mutex symbols_mutex_;
  mutable std::map<std::string, Result<std::vector<std::string>>> symbols_;

  mutable std::once_flag btf_once_;
  mutable std::unique_ptr<BtfFunctions> btf_;
};

}  // namespace

std::unique_ptr<KernelCatalog> make_real_catalog() {
  return std::make_unique<RealCatalog>();
}

}  // namespace gpttrace

// The tracing tools installed on this machine: bpftrace's *.bt tools, libbpf-tools and BCC's *-bpfcc.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace gpttrace {

enum class ToolFamily { Libbpf, Bpftrace, Bcc };
std::string_view tool_family_name(ToolFamily family);  // "libbpf-tools", "bpftrace", "bcc"

struct InstalledTool {
  std::string name;         // what the user types after -c: "execsnoop", "execsnoop.bt", "execsnoop-bpfcc"
  std::string base;         // the tool's name without family suffix: "execsnoop"
  ToolFamily family = ToolFamily::Libbpf;
  std::string path;         // absolute path
  std::string description;  // one line: "Trace exec syscalls"
  std::string help;         // --help output (libbpf-tools, BCC) or the header comment (bpftrace tools)
  // Evidence of what it attaches to: bpftrace tools: the probe types of their attach points ("tracepoint",
  // "kprobe", ...); libbpf-tools: the kinds of the BPF program sections in the binary ("kprobe", "fentry",
  // "tracepoint", "tp_btf", ...). Empty for BCC tools (their C is compiled at start).
  std::vector<std::string> attach_kinds;
};

// Where to look. Defaults are Debian's locations; tests point them at fixture directories.
struct ToolSources {
  std::string sbin_dir = "/usr/sbin";           // *.bt and *-bpfcc tools
  std::string dpkg_info_dir = "/var/lib/dpkg/info";  // libbpf-tools.list: the package's file list
  std::chrono::milliseconds help_timeout{2000};  // per `TOOL --help`
};

// Files whose modification times change when tools are installed or removed (for the cache fingerprint).
std::vector<std::string> tool_input_files(const ToolSources& sources);

// Finds the installed tools and their descriptions: libbpf-tools from the package's file list, running
// `TOOL --help` (no shell, with a timeout); bpftrace tools from their header comments and parsed probes;
// BCC tools from the tool's header comment (`# name  Description.`). Sorted by name.
std::vector<InstalledTool> discover_tools(const ToolSources& sources);

// The kinds of BPF program sections ("kprobe/...", "tracepoint/...") embedded in a libbpf-tools binary.
std::vector<std::string> bpf_section_kinds(std::string_view binary);

}  // namespace gpttrace

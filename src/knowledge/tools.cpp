// Discovery of installed tools and their descriptions.
#include "knowledge/tools.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "check/parser.h"
#include "sys/process.h"

namespace gpttrace {

namespace {

std::string read_file(const std::string& path, size_t limit = 64 << 20) {
  std::ifstream in(path, std::ios::binary);
  std::string data;
  if (!in) return data;
  std::stringstream text;
  text << in.rdbuf();
  data = text.str();
  if (data.size() > limit) data.resize(limit);
  return data;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool executable_file(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) != 0;
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) names.emplace_back(e->d_name);
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// "Usage: execsnoop [OPTION...]\nTrace exec syscalls\n..." -> "Trace exec syscalls"; argp puts the
// documentation line right after the usage line.
std::string describe_from_help(const std::string& help) {
  std::istringstream in(help);
  std::string line;
  bool after_usage = false;
  while (std::getline(in, line)) {
    std::string_view t = trim(line);
    if (t.empty()) continue;
    if (t.rfind("Usage:", 0) == 0 || t.rfind("USAGE:", 0) == 0 || t.rfind("usage:", 0) == 0) {
      after_usage = true;
      continue;
    }
    if (after_usage && t.front() != '-' && t.front() != '[') return std::string(t);
  }
  return {};
}

// The first sentence after the tool's name in a header comment: " * opensnoop\tTrace open() syscalls."
// (bpftrace tools) or "# opensnoop    Trace open() syscalls." (BCC tools).
std::string describe_from_header(const std::string& text, std::string_view name) {
  std::istringstream in(text);
  std::string line;
  for (int n = 0; n < 30 && std::getline(in, line); ++n) {
    std::string_view t = trim(line);
    while (!t.empty() && (t.front() == '*' || t.front() == '#' || t.front() == '/')) t.remove_prefix(1);
    t = trim(t);
    if (t.rfind(name, 0) != 0 || t.size() == name.size()) continue;
    std::string_view rest = t.substr(name.size());
    if (rest.front() != ' ' && rest.front() != '\t') continue;
    rest = trim(rest);
    if (!rest.empty() && rest.front() != '-') return std::string(rest);
  }
  return {};
}

// The leading comment block of a bpftrace tool (its documentation).
std::string header_comment(const std::string& text) {
  size_t open = text.find("/*");
  size_t close = open == std::string::npos ? std::string::npos : text.find("*/", open);
  return close == std::string::npos ? std::string() : text.substr(open, close + 2 - open);
}

InstalledTool libbpf_tool(const std::string& path, const ToolSources& sources) {
  InstalledTool tool;
  tool.path = path;
  tool.name = tool.base = path.substr(path.rfind('/') + 1);
  tool.family = ToolFamily::Libbpf;
  Result<CapturedRun> run = run_and_capture({path, "--help"}, std::nullopt, sources.help_timeout);
  if (run) tool.help = run->out.empty() ? run->err : run->out;
  tool.description = describe_from_help(tool.help);
  tool.attach_kinds = bpf_section_kinds(read_file(path));
  return tool;
}

InstalledTool bpftrace_tool(const std::string& path) {
  InstalledTool tool;
  tool.path = path;
  tool.name = path.substr(path.rfind('/') + 1);
  tool.base = tool.name.substr(0, tool.name.size() - 3);
  tool.family = ToolFamily::Bpftrace;
  std::string text = read_file(path);
  tool.help = header_comment(text);
  tool.description = describe_from_header(tool.help, tool.name);
  if (tool.description.empty()) tool.description = describe_from_header(tool.help, tool.base);
  Diagnostics diags;
  std::set<std::string> kinds;
  for (const ProbeBlock& block : parse_program(text, diags).probes) {
    for (const AttachPoint& ap : block.attach_points) {
      if (ap.type) kinds.insert(std::string(probe_type_name(*ap.type)));
    }
  }
  tool.attach_kinds.assign(kinds.begin(), kinds.end());
  return tool;
}

InstalledTool bcc_tool(const std::string& path) {
  InstalledTool tool;
  tool.path = path;
  tool.name = path.substr(path.rfind('/') + 1);
  tool.base = tool.name.substr(0, tool.name.size() - 6);
  tool.family = ToolFamily::Bcc;
  tool.help = read_file(path, 4096);
  tool.description = describe_from_header(tool.help, tool.base);
  return tool;
}

std::vector<std::string> libbpf_tool_paths(const ToolSources& sources) {
  std::vector<std::string> paths;
  std::istringstream list(read_file(sources.dpkg_info_dir + "/libbpf-tools.list"));
  std::string line;
  while (std::getline(list, line)) {
    bool in_sbin = line.rfind("/usr/sbin/", 0) == 0 || line.rfind("/usr/bin/", 0) == 0;
    if (in_sbin && executable_file(line)) paths.push_back(line);
  }
  return paths;
}

}  // namespace

std::string_view tool_family_name(ToolFamily family) {
  switch (family) {
    case ToolFamily::Libbpf: return "libbpf-tools";
    case ToolFamily::Bpftrace: return "bpftrace";
    case ToolFamily::Bcc: return "bcc";
  }
  return "?";
}

std::vector<std::string> tool_input_files(const ToolSources& sources) {
  return {sources.sbin_dir, sources.dpkg_info_dir + "/libbpf-tools.list", sources.dpkg_info_dir + "/bpftrace.list",
          sources.dpkg_info_dir + "/bpfcc-tools.list"};
}

std::vector<InstalledTool> discover_tools(const ToolSources& sources) {
  std::vector<InstalledTool> tools;
  for (const std::string& path : libbpf_tool_paths(sources)) tools.push_back(libbpf_tool(path, sources));
  for (const std::string& name : list_dir(sources.sbin_dir)) {
    std::string path = sources.sbin_dir + "/" + name;
    if (ends_with(name, ".bt") && name.size() > 3 && executable_file(path)) tools.push_back(bpftrace_tool(path));
    if (ends_with(name, "-bpfcc") && name.size() > 6 && executable_file(path)) tools.push_back(bcc_tool(path));
  }
  std::sort(tools.begin(), tools.end(), [](const InstalledTool& a, const InstalledTool& b) { return a.name < b.name; });
  return tools;
}

std::vector<std::string> bpf_section_kinds(std::string_view binary) {
  // libbpf names program sections "KIND/target"; the skeleton embeds the BPF object with its section
  // name table, where each name is NUL-terminated. Bare "kprobe/" strings belong to libbpf itself.
  static const char* const kKinds[] = {"kprobe",  "kretprobe", "ksyscall", "kretsyscall", "fentry", "fexit",
                                       "tracepoint", "tp_btf", "raw_tp", "raw_tracepoint", "uprobe",
                                       "uretprobe", "perf_event", "lsm", "iter"};
  std::set<std::string> kinds;
  for (const char* kind : kKinds) {
    std::string needle = std::string(1, '\0') + kind + "/";
    for (size_t pos = binary.find(needle); pos != std::string_view::npos; pos = binary.find(needle, pos + 1)) {
      size_t after = pos + needle.size();
      if (after < binary.size() && binary[after] != '\0' && std::isprint(static_cast<unsigned char>(binary[after]))) {
        kinds.insert(kind);
        break;
      }
    }
  }
  return {kinds.begin(), kinds.end()};
}

}  // namespace gpttrace
